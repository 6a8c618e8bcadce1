using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansLoyalty.Domain.Identity;

/// <summary>An app QR token: names <see cref="MemberId"/> until <see cref="ExpiresAt"/>, for one scan (its <see cref="Id"/> is used up).</summary>
/// <param name="Id">24 lower-case hex digits, random: the key under which its single use is recorded.</param>
public sealed record QrToken(string Id, string MemberId, DateTimeOffset ExpiresAt);

public enum QrTokenStatus
{
    Valid,

    /// <summary>Not a token this key signed: malformed, altered, or signed with another key.</summary>
    Forged,

    Expired,
}

/// <summary>What reading a presented token found; <see cref="Token"/> is set only when it is valid.</summary>
public sealed record QrTokenReading(QrTokenStatus Status, QrToken? Token);

/// <summary>
/// Signs and reads app QR tokens. A token is 53 bytes, written as 71 characters of unpadded base64url (URL-safe
/// and small enough for a version 4 QR code): a format byte, 12 random id bytes, the member id's 16 bytes, the
/// expiry in Unix seconds (8 bytes, big-endian), then HMAC-SHA256 over all of that, truncated to 16 bytes
/// (128 bits, as RFC 4868's HMAC-SHA-256-128: forging one still takes 2^128 guesses). Everything a reader needs
/// is in the token, so reading one costs no lookup; single use is the caller's to record under <see cref="QrToken.Id"/>.
/// </summary>
public sealed class QrTokenCodec
{
    /// <summary>How long a token is valid: long enough to walk to the till, too short for a screenshot to be worth anything.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>HMAC-SHA256 keys shorter than its block of output give away strength: 32 bytes at least.</summary>
    public const int MinimumKeyBytes = 32;

    private const byte Format = 1;
    private const int IdBytes = 12;
    private const int MemberIdBytes = 16;
    private const int ExpiryBytes = 8;
    private const int MacBytes = 16;
    private const int SignedBytes = 1 + IdBytes + MemberIdBytes + ExpiryBytes;
    private const int TokenBytes = SignedBytes + MacBytes;

    /// <summary>The length of every token as text.</summary>
    public static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    private static readonly QrTokenReading Forged = new(QrTokenStatus.Forged, null);

    private readonly byte[] key;

    public QrTokenCodec(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes) throw new ArgumentException($"A QR token signing key needs at least {MinimumKeyBytes} bytes.", nameof(key));
        this.key = key.ToArray();
    }

    /// <summary>A fresh token for <paramref name="memberId"/> (a member id: 'm' and 32 hex digits), valid for <see cref="Lifetime"/> from <paramref name="now"/>.</summary>
    /// <remarks>The expiry is in whole seconds, rounded down, so a token lives a little less than <see cref="Lifetime"/>, never more.</remarks>
    public static QrToken New(string memberId, DateTimeOffset now)
    {
        MemberIdBytesOf(memberId);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + Lifetime).ToUnixTimeSeconds());
        return new QrToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes)), memberId, expiresAt);
    }

    public string Encode(QrToken token)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        bytes[0] = Format;
        if (token.Id.Length != IdBytes * 2 || Convert.FromHexString(token.Id, bytes.Slice(1, IdBytes), out _, out _) != OperationStatus.Done)
        {
            throw new ArgumentException($"A QR token id is {IdBytes * 2} hexadecimal digits.", nameof(token));
        }
        MemberIdBytesOf(token.MemberId).CopyTo(bytes.Slice(1 + IdBytes, MemberIdBytes));
        BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(1 + IdBytes + MemberIdBytes, ExpiryBytes), token.ExpiresAt.ToUnixTimeSeconds());
        Sign(bytes[..SignedBytes], bytes[SignedBytes..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// What <paramref name="text"/> is at <paramref name="now"/>. The signature is checked before anything in the token is
    /// believed, in constant time; only a text in the one canonical spelling of a token can be valid.
    /// </summary>
    public QrTokenReading Read(string? text, DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (text is null || text.Length != TokenLength
            || Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done || written != TokenBytes
            || bytes[0] != Format)
        {
            return Forged;
        }
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..SignedBytes], expected);
        // Base64url leaves two bits of the last character unused: re-encoding refuses the other spellings of the same bytes.
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[SignedBytes..]) || Base64Url.EncodeToString(bytes) != text)
        {
            return Forged;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + IdBytes + MemberIdBytes, ExpiryBytes)));
        var token = new QrToken(
            Convert.ToHexStringLower(bytes.Slice(1, IdBytes)),
            "m" + Convert.ToHexStringLower(bytes.Slice(1 + IdBytes, MemberIdBytes)),
            expiresAt);
        return now < expiresAt ? new QrTokenReading(QrTokenStatus.Valid, token) : new QrTokenReading(QrTokenStatus.Expired, null);
    }

    private void Sign(ReadOnlySpan<byte> signed, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, signed, full);
        full[..MacBytes].CopyTo(mac);
    }

    /// <summary>The 16 bytes of a member id ('m' and 32 lower-case hex digits, as the grain interfaces define it).</summary>
    private static byte[] MemberIdBytesOf(string memberId)
    {
        if (memberId is not { Length: 1 + MemberIdBytes * 2 } || memberId[0] != 'm' || memberId.AsSpan(1).ContainsAnyExcept("0123456789abcdef"))
        {
            throw new ArgumentException("A member id is 'm' and 32 lower-case hexadecimal digits.", nameof(memberId));
        }
        return Convert.FromHexString(memberId.AsSpan(1));
    }
}
