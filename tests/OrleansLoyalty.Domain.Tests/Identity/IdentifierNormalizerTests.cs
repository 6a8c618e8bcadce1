using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

public sealed class IdentifierNormalizerTests
{
    [Theory]
    [InlineData(IdentifierType.Email, "  Ann@Example.COM ", "ann@example.com")]
    [InlineData(IdentifierType.Phone, "0049 151 23456789", "+4915123456789")]
    [InlineData(IdentifierType.Loyalty, "1234 5678 9015", "123456789015")]
    [InlineData(IdentifierType.Loyalty, "1234-5678-9015", "123456789015")]
    public void Each_identifier_type_normalizes_to_its_canonical_value(string type, string typed, string expected)
    {
        Assert.True(IdentifierNormalizer.TryNormalize(type, typed, out var identifier, out var error), error);

        Assert.Equal(new Identifier(type, expected), identifier);
    }

    [Theory]
    [InlineData("fax")]
    [InlineData("Email")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_identifier_type_is_rejected_naming_the_allowed_types(string? type)
    {
        Assert.False(IdentifierNormalizer.TryNormalize(type, "ann@example.com", out var identifier, out var error));

        Assert.Null(identifier);
        Assert.Contains("email, phone, loyalty", error);
    }

    [Theory]
    [InlineData(IdentifierType.Email, "ann@example")]
    [InlineData(IdentifierType.Phone, "0151 23456789")]
    [InlineData(IdentifierType.Loyalty, "123456789016")]
    [InlineData(IdentifierType.Email, "   ")]
    public void Invalid_value_is_rejected_with_an_explanation(string type, string typed)
    {
        Assert.False(IdentifierNormalizer.TryNormalize(type, typed, out var identifier, out var error));

        Assert.Null(identifier);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Loyalty_number_is_assigned_not_enrollable()
    {
        Assert.Equal(new[] { IdentifierType.Email, IdentifierType.Phone, IdentifierType.AppDevice, IdentifierType.WebCookie }, IdentifierType.Enrollable);
    }
}
