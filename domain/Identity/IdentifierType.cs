namespace OrleansLoyalty.Domain.Identity;

/// <summary>The kinds of identifier the identity index maps to a member, by their wire names.</summary>
public static class IdentifierType
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Loyalty = "loyalty";

    public static readonly IReadOnlyList<string> All = [Email, Phone, Loyalty];

    /// <summary>Identifiers a member brings at enrolment; the loyalty number is assigned, never chosen.</summary>
    public static readonly IReadOnlyList<string> Enrollable = [Email, Phone];

    public static bool IsKnown(string? type) => type is Email or Phone or Loyalty;
}
