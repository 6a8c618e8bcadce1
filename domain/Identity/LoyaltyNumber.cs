using System.Security.Cryptography;

namespace OrleansLoyalty.Domain.Identity;

/// <summary>Loyalty numbers: 12 digits, the last a Luhn check digit so a mistyped number is caught at the counter.</summary>
public static class LoyaltyNumber
{
    public const int Length = 12;

    /// <summary>A fresh random number; uniqueness is enforced by the identity index, which retries on collision.</summary>
    public static string Generate()
    {
        Span<char> digits = stackalloc char[Length];
        // A leading zero is avoided so the number survives spreadsheets and POS fields that strip it.
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < Length - 1; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }
        digits[Length - 1] = CheckDigit(digits[..(Length - 1)]);
        return new string(digits);
    }

    public static bool IsValid(string? value) =>
        value is { Length: Length }
        && value.All(char.IsAsciiDigit)
        && CheckDigit(value.AsSpan(0, Length - 1)) == value[Length - 1];

    /// <summary>The Luhn digit that makes <paramref name="payload"/> plus it pass the mod-10 check.</summary>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        // Walking from the right, every second digit starting with the rightmost payload digit is doubled.
        for (var i = 0; i < payload.Length; i++)
        {
            var digit = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
