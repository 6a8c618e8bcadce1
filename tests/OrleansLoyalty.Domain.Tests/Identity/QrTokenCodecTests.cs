using System.Buffers.Text;
using System.Security.Cryptography;
using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

public sealed class QrTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 15, 30, 250, TimeSpan.Zero);
    private const string MemberA = "m0123456789abcdef0123456789abcdef";
    private const string MemberB = "mfedcba9876543210fedcba9876543210";

    private readonly QrTokenCodec codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_token_reads_back_as_its_member_until_it_expires_sixty_seconds_later()
    {
        var issued = QrTokenCodec.New(MemberA, Now);
        var text = codec.Encode(issued);

        var reading = codec.Read(text, Now.AddSeconds(59));

        Assert.Equal(new QrTokenReading(QrTokenStatus.Valid, issued), reading);
        Assert.Equal(Now.AddSeconds(60).AddMilliseconds(-250), issued.ExpiresAt);
        Assert.Equal(QrTokenStatus.Expired, codec.Read(text, issued.ExpiresAt).Status);
        Assert.Null(codec.Read(text, issued.ExpiresAt.AddDays(1)).Token);
    }

    [Fact]
    public void Tokens_are_compact_url_safe_and_each_has_an_id_of_its_own()
    {
        var texts = Enumerable.Range(0, 100).Select(_ => codec.Encode(QrTokenCodec.New(MemberA, Now))).ToList();

        Assert.All(texts, text => Assert.Matches("^[A-Za-z0-9_-]{71}$", text));
        Assert.Equal(100, texts.Select(text => codec.Read(text, Now).Token!.Id).Distinct().Count());
    }

    [Fact]
    public void Changing_any_byte_of_a_token_makes_it_forged()
    {
        var bytes = Base64Url.DecodeFromChars(codec.Encode(QrTokenCodec.New(MemberA, Now)));

        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            Assert.Equal(QrTokenStatus.Forged, codec.Read(Base64Url.EncodeToString(altered), Now).Status);
        }
    }

    [Fact]
    public void A_token_of_one_member_cannot_be_turned_into_another_members()
    {
        var bytes = Base64Url.DecodeFromChars(codec.Encode(QrTokenCodec.New(MemberA, Now)));
        Convert.FromHexString(MemberB[1..]).CopyTo(bytes, 13);

        Assert.Equal(QrTokenStatus.Forged, codec.Read(Base64Url.EncodeToString(bytes), Now).Status);
    }

    [Fact]
    public void A_later_expiry_cannot_be_written_into_a_token()
    {
        var bytes = Base64Url.DecodeFromChars(codec.Encode(QrTokenCodec.New(MemberA, Now.AddDays(-1))));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(29, 8), Now.AddDays(1).ToUnixTimeSeconds());

        Assert.Equal(QrTokenStatus.Forged, codec.Read(Base64Url.EncodeToString(bytes), Now).Status);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_forged()
    {
        var other = new QrTokenCodec(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(QrTokenStatus.Forged, codec.Read(other.Encode(QrTokenCodec.New(MemberA, Now)), Now).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Text_that_is_no_token_is_forged(string? text)
    {
        Assert.Equal(new QrTokenReading(QrTokenStatus.Forged, null), codec.Read(text, Now));
    }

    [Fact]
    public void Only_the_canonical_spelling_of_a_token_is_accepted()
    {
        var text = codec.Encode(QrTokenCodec.New(MemberA, Now));
        // The last character carries two unused bits: another character with the same six-bit prefix decodes alike.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(text[^1], StringComparison.Ordinal);
        var sibling = text[..^1] + Alphabet[last ^ 0x01];

        Assert.Equal(QrTokenStatus.Forged, codec.Read(sibling, Now).Status);
        Assert.Equal(QrTokenStatus.Forged, codec.Read(text + "=", Now).Status);
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_and_malformed_member_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new QrTokenCodec(new byte[31]));
        Assert.Throws<ArgumentException>(() => QrTokenCodec.New("m0123", Now));
        Assert.Throws<ArgumentException>(() => QrTokenCodec.New("M0123456789ABCDEF0123456789ABCDEF", Now));
    }

    [Fact]
    public void The_qr_token_is_a_lookup_type_but_no_identifier_kind()
    {
        Assert.DoesNotContain(IdentifierType.QrToken, IdentifierType.All);
        Assert.DoesNotContain(IdentifierType.QrToken, IdentifierType.Enrollable);
        Assert.Contains(IdentifierType.QrToken, IdentifierType.Lookup);
        Assert.False(IdentifierNormalizer.TryNormalize(IdentifierType.QrToken, "anything", out _, out _));
    }
}
