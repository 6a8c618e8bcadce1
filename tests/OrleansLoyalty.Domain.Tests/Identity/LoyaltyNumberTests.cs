using OrleansLoyalty.Domain.Identity;

namespace OrleansLoyalty.Domain.Tests.Identity;

public sealed class LoyaltyNumberTests
{
    // Payload 12345678901 has Luhn check digit 5.
    private const string Valid = "123456789015";

    [Fact]
    public void Generated_numbers_have_12_digits_no_leading_zero_and_a_valid_check_digit()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var number = LoyaltyNumber.Generate();

            Assert.Equal(12, number.Length);
            Assert.All(number, c => Assert.True(char.IsAsciiDigit(c), number));
            Assert.NotEqual('0', number[0]);
            Assert.True(LoyaltyNumber.IsValid(number), number);
        }
    }

    [Fact]
    public void Generated_numbers_are_distinct()
    {
        var numbers = Enumerable.Range(0, 1_000).Select(_ => LoyaltyNumber.Generate()).ToHashSet();

        Assert.Equal(1_000, numbers.Count);
    }

    [Theory]
    [InlineData("7992739871", '3')]
    [InlineData("411111111111111", '1')]
    [InlineData("12345678901", '5')]
    public void Check_digit_matches_known_Luhn_examples(string payload, char checkDigit)
    {
        Assert.Equal(checkDigit, LoyaltyNumber.CheckDigit(payload));
    }

    [Fact]
    public void Number_with_correct_check_digit_is_valid()
    {
        Assert.True(LoyaltyNumber.IsValid(Valid));
    }

    [Fact]
    public void Any_single_mistyped_digit_is_rejected()
    {
        for (var position = 0; position < Valid.Length; position++)
        {
            foreach (var digit in "0123456789".Where(d => d != Valid[position]))
            {
                var typo = Valid[..position] + digit + Valid[(position + 1)..];

                Assert.False(LoyaltyNumber.IsValid(typo), typo);
            }
        }
    }

    [Fact]
    public void Swapped_adjacent_digits_are_rejected()
    {
        for (var position = 0; position < Valid.Length - 1; position++)
        {
            var (left, right) = (Valid[position], Valid[position + 1]);
            // Luhn cannot see 09 ↔ 90, the one transposition it is known to miss.
            if (left == right || (left, right) is ('0', '9') or ('9', '0')) continue;
            var swapped = Valid[..position] + right + left + Valid[(position + 2)..];

            Assert.False(LoyaltyNumber.IsValid(swapped), swapped);
        }
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890155")]
    [InlineData("12345678901a")]
    [InlineData("")]
    [InlineData(null)]
    public void Wrong_length_or_non_digits_are_rejected(string? value)
    {
        Assert.False(LoyaltyNumber.IsValid(value));
    }
}
