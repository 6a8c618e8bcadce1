using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

public sealed class PhoneNormalizationTests
{
    [Theory]
    [InlineData("+49 151 23456789", "+4915123456789")]
    [InlineData("0049 151 23456789", "+4915123456789")]
    [InlineData(" +4915123456789 ", "+4915123456789")]
    [InlineData("+49 (151) 234-567.89", "+4915123456789")]
    public void International_phone_numbers_normalize_to_E164(string typed, string expected)
    {
        Assert.Equal(expected, IdentifierNormalizer.NormalizePhone(typed));
    }

    [Theory]
    [InlineData("(+1) 415-555-0100")]
    [InlineData("+1 (415) 555-0100")]
    [InlineData("+1.415.555.0100")]
    [InlineData("001 415 555 0100")]
    public void Phone_numbers_with_separators_normalize_to_E164(string typed)
    {
        Assert.Equal("+14155550100", IdentifierNormalizer.NormalizePhone(typed));
    }

    [Theory]
    [InlineData("0151 23456789")]
    [InlineData("415-555-0100")]
    [InlineData("15123456789")]
    public void National_number_without_country_code_is_rejected(string typed)
    {
        Assert.Null(IdentifierNormalizer.NormalizePhone(typed));
    }

    [Fact]
    public void At_most_15_digits_are_accepted()
    {
        Assert.Equal("+491512345678901", IdentifierNormalizer.NormalizePhone("+49 151 2345678901"));
        Assert.Null(IdentifierNormalizer.NormalizePhone("+49 151 23456789012"));
    }

    [Theory]
    [InlineData("+0 151 23456789")]
    [InlineData("+049 151 23456789")]
    [InlineData("00049 151 23456789")]
    public void Country_code_starting_with_zero_is_rejected(string typed)
    {
        Assert.Null(IdentifierNormalizer.NormalizePhone(typed));
    }

    [Theory]
    [InlineData("+49 151 CALL-ME")]
    [InlineData("+49/151/23456789")]
    [InlineData("+1234567")]
    public void Phone_with_letters_unknown_separators_or_too_few_digits_is_rejected(string typed)
    {
        Assert.Null(IdentifierNormalizer.NormalizePhone(typed));
    }
}
