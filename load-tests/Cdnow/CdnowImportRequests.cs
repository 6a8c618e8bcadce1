using System.Globalization;
using OrleansLoyalty.LoadTests.Pos;

namespace OrleansLoyalty.LoadTests.Cdnow;

// The bodies the import sends, written against the documented API like the pos verb's contract.

internal sealed record ImportProfile(string FirstName);

internal sealed record ImportEnrolment(IReadOnlyList<Identifier> Identifiers, ImportProfile Profile, string IdempotencyKey);

internal sealed record ImportPurchase(
    string IdempotencyKey,
    decimal Amount,
    string Currency,
    DateTime OccurredAt,
    string Channel,
    IReadOnlyList<PurchaseLine> Lines);

internal sealed record ImportPurchaseResponse(bool Replayed);

/// <summary>
/// Builds the requests from the file alone: every key is derived from file tag, customer id and line number,
/// so a second run sends byte-identical requests and the gateway replays them instead of applying them again.
/// </summary>
internal static class CdnowImportRequests
{
    public static ImportEnrolment Enrolment(string fileTag, int customerId)
    {
        var key = MemberKey(fileTag, customerId);
        return new ImportEnrolment(
            [new Identifier("email", $"{key}@import.invalid")],
            new ImportProfile($"CDNOW {Id(customerId)}"),
            key);
    }

    public static ImportPurchase Purchase(string fileTag, CdnowTransaction transaction) => new(
        $"{MemberKey(fileTag, transaction.CustomerId)}-{Id(transaction.LineNumber)}",
        transaction.Amount,
        "USD",
        // The file has days only; midnight UTC keeps the day whatever the importer's time zone.
        transaction.Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        "import",
        // The API wants a positive quantity; a line with zero CDs is still one purchase, so it counts as one item.
        [new PurchaseLine("cd", "music", Math.Max(transaction.Quantity, 1), transaction.Amount)]);

    private static string MemberKey(string fileTag, int customerId) => $"cdnow-{fileTag}-{Id(customerId)}";

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);
}
