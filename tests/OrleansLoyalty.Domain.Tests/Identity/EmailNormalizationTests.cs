using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

public sealed class EmailNormalizationTests
{
    [Fact]
    public void Email_is_trimmed_and_lower_cased()
    {
        Assert.Equal("ann@example.com", IdentifierNormalizer.NormalizeEmail("  Ann@Example.COM "));
    }

    [Theory]
    [InlineData("ann.example.com")]
    [InlineData("ann@@example.com")]
    [InlineData("@example.com")]
    [InlineData("ann smith@example.com")]
    [InlineData("ann@exam ple.com")]
    [InlineData("ann@example")]
    [InlineData("ann@example.c")]
    [InlineData("ann@.com")]
    public void Malformed_email_is_rejected(string value)
    {
        Assert.Null(IdentifierNormalizer.NormalizeEmail(value));
    }

    [Fact]
    public void Email_of_254_characters_is_accepted_but_255_is_rejected()
    {
        Assert.NotNull(IdentifierNormalizer.NormalizeEmail(EmailOfLength(254)));
        Assert.Null(IdentifierNormalizer.NormalizeEmail(EmailOfLength(255)));
    }

    [Fact]
    public void Local_part_longer_than_64_characters_is_rejected()
    {
        Assert.NotNull(IdentifierNormalizer.NormalizeEmail(new string('a', 64) + "@example.com"));
        Assert.Null(IdentifierNormalizer.NormalizeEmail(new string('a', 65) + "@example.com"));
    }

    // Every part stays within its own limit (local part 64, labels 63), so only the total length decides.
    private static string EmailOfLength(int length)
    {
        var prefix = $"{new string('a', 64)}@{new string('b', 63)}.{new string('c', 63)}.";
        return prefix + new string('d', length - prefix.Length - ".com".Length) + ".com";
    }
}
