using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

/// <summary>The identifier kinds beyond e-mail, phone and loyalty number: devices, browsers, cards, other systems, partners.</summary>
public sealed class IdentifierKindsTests
{
    [Theory]
    [InlineData(IdentifierType.AppDevice, "  dev_AbC123-xyz.9876543 ", "dev_AbC123-xyz.9876543")]
    [InlineData(IdentifierType.WebCookie, "GA1.2.1234567890.1700000000", "GA1.2.1234567890.1700000000")]
    [InlineData(IdentifierType.PosCard, "6001 2345-6789 0123", "6001234567890123")]
    [InlineData(IdentifierType.External, " Salesforce:0031x00000AbCdE ", "salesforce:0031x00000AbCdE")]
    [InlineData(IdentifierType.Partner, "airline:AB123456", "airline:AB123456")]
    [InlineData(IdentifierType.External, "crm:id:with:colons", "crm:id:with:colons")]
    public void Each_kind_normalizes_to_its_canonical_value(string type, string typed, string expected)
    {
        Assert.True(IdentifierNormalizer.TryNormalize(type, typed, out var identifier, out var error), error);

        Assert.Equal(new Identifier(type, expected), identifier);
    }

    [Fact]
    public void Device_and_browser_tokens_keep_their_case_because_they_are_opaque()
    {
        IdentifierNormalizer.TryNormalize(IdentifierType.AppDevice, "AAAAbbbbCCCCdddd", out var upper, out _);
        IdentifierNormalizer.TryNormalize(IdentifierType.AppDevice, "aaaabbbbccccdddd", out var lower, out _);

        Assert.NotEqual(upper, lower);
    }

    [Theory]
    [InlineData(IdentifierType.AppDevice, "short")]
    [InlineData(IdentifierType.AppDevice, "has spaces in the middle of it")]
    [InlineData(IdentifierType.WebCookie, "cookie;injection=1234567890")]
    [InlineData(IdentifierType.PosCard, "1234567")]
    [InlineData(IdentifierType.PosCard, "12345678901234567890")]
    [InlineData(IdentifierType.PosCard, "6001-ABCD-0000")]
    [InlineData(IdentifierType.External, "no-namespace")]
    [InlineData(IdentifierType.External, ":0031x")]
    [InlineData(IdentifierType.External, "9crm:0031x")]
    [InlineData(IdentifierType.Partner, "airline:")]
    [InlineData(IdentifierType.Partner, "airline:has space")]
    public void Invalid_values_of_each_kind_are_rejected_with_an_explanation(string type, string typed)
    {
        Assert.False(IdentifierNormalizer.TryNormalize(type, typed, out var identifier, out var error));

        Assert.Null(identifier);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Only_email_phone_and_the_loyalty_number_are_strong_identifiers()
    {
        Assert.Equal([IdentifierType.Email, IdentifierType.Phone, IdentifierType.Loyalty], IdentifierType.Strong);
        Assert.All(IdentifierType.All, type => Assert.True(IdentifierType.IsKnown(type)));
    }
}
