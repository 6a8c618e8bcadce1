using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Tests.Ledger;

public sealed class CommandFingerprintTests
{
    [Fact]
    public void Fingerprint_is_a_stable_lowercase_sha256_hex()
    {
        var fingerprint = CommandFingerprint.Of("redeem", 100L, "reward", "app");

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal(fingerprint, CommandFingerprint.Of("redeem", 100L, "reward", "app"));
    }

    [Fact]
    public void Amounts_written_with_trailing_zeros_are_the_same_amount()
    {
        Assert.Equal(CommandFingerprint.Of("purchase", 42.5m, "EUR"), CommandFingerprint.Of("purchase", 42.50m, "EUR"));
        Assert.Equal(CommandFingerprint.Of("purchase", 42m, "EUR"), CommandFingerprint.Of("purchase", 42.00m, "EUR"));
    }

    [Fact]
    public void Different_values_give_different_fingerprints()
    {
        var fingerprint = CommandFingerprint.Of("purchase", 42.5m, "EUR");

        Assert.NotEqual(fingerprint, CommandFingerprint.Of("purchase", 42.51m, "EUR"));
        Assert.NotEqual(fingerprint, CommandFingerprint.Of("purchase", 42.5m, "USD"));
        Assert.NotEqual(fingerprint, CommandFingerprint.Of("redeem", 42.5m, "EUR"));
    }

    [Fact]
    public void Order_of_values_matters()
    {
        Assert.NotEqual(CommandFingerprint.Of("adjust", "a", "b"), CommandFingerprint.Of("adjust", "b", "a"));
    }

    [Fact]
    public void Missing_value_differs_from_empty_value()
    {
        Assert.NotEqual(CommandFingerprint.Of("purchase", null), CommandFingerprint.Of("purchase", ""));
    }

    [Fact]
    public void Same_instant_in_different_offsets_has_the_same_fingerprint()
    {
        var utc = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(CommandFingerprint.Of(utc), CommandFingerprint.Of(utc.ToOffset(TimeSpan.FromHours(1))));
        Assert.NotEqual(CommandFingerprint.Of(utc), CommandFingerprint.Of(utc.AddSeconds(1)));
    }

    [Fact]
    public void Nested_lines_are_compared_by_content()
    {
        object?[][] Lines(decimal amount) => [["sku-1", "food", 2, amount], ["sku-2", null, 1, 3m]];

        Assert.Equal(CommandFingerprint.Of("purchase", Lines(9.9m)), CommandFingerprint.Of("purchase", Lines(9.90m)));
        Assert.NotEqual(CommandFingerprint.Of("purchase", Lines(9.9m)), CommandFingerprint.Of("purchase", Lines(9.8m)));
    }

    [Fact]
    public void Values_cannot_shift_across_a_separator_to_collide()
    {
        object?[][] first = [["A,x", "1", 2, 3m]];
        object?[][] second = [["A", "x,1", 2, 3m]];

        Assert.NotEqual(CommandFingerprint.Of("purchase", 10m, "EUR", first), CommandFingerprint.Of("purchase", 10m, "EUR", second));
        Assert.NotEqual(CommandFingerprint.Of("redeem", 5L, "a\u001fb"), CommandFingerprint.Of("redeem", 5L, "a", "b"));
    }
}
