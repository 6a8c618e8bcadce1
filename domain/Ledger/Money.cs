namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// The one definition of a money value the ledger accepts: non-negative, at most <see cref="Max"/>, in
/// whole cents (every currency the program accepts has two minor digits). The edge refuses anything else;
/// folding a stored history reads it through <see cref="Stored"/>, so a fact an older rule let in is still read.
/// </summary>
public static class Money
{
    public const decimal Max = 1_000_000m;
    public const int MinorDigits = 2;

    /// <summary>Why <paramref name="value"/> is not a money value, or null when it is.</summary>
    public static string? Problem(decimal value) =>
        value < 0 ? $"must not be negative (between 0 and {Max})."
        : value > Max ? $"must be at most {Max}."
        : decimal.Round(value, MinorDigits) != value ? $"must be in whole cents: at most {MinorDigits} decimal places."
        : null;

    /// <summary>The canonical form of an accepted value: negative zero (-0, -0.00) becomes 0, scale is two digits at most.</summary>
    public static decimal Normalize(decimal value) => value == 0 ? 0m : decimal.Round(value, MinorDigits);

    /// <summary>A stored value as derived work reads it: never negative, whatever rule admitted it.</summary>
    public static decimal Stored(decimal value) => value > 0 ? value : 0m;
}
