using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// Identifiers for the members of one run. E-mails carry the run id, so repeated runs never collide on them;
/// phones are +49151 plus 8 digits (13 digits, valid E.164), consecutive from a random base so they are
/// unique within a run, and re-drawn at random when an earlier run already took one.
/// </summary>
internal sealed class MemberIdentities(string runId, Random random)
{
    private const int PhoneSubscriberRange = 100_000_000;
    private readonly int _phoneBase = random.Next(PhoneSubscriberRange);

    public string RunId { get; } = runId;

    public static MemberIdentities ForNewRun(Random random) =>
        new(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))[..10], random);

    public string Email(int index) => $"lt-{RunId}-{index}@example.com";

    public string Phone(int index) => FormatPhone((_phoneBase + index) % PhoneSubscriberRange);

    public static string RandomPhone(Random random) => FormatPhone(random.Next(PhoneSubscriberRange));

    /// <summary>A made-up member for the baseline server, which answers any lookup.</summary>
    public LoadMember Synthetic(int index) =>
        new($"m-synthetic-{index}", (100_000_000_000L + index).ToString(CultureInfo.InvariantCulture), Email(index), Phone(index));

    private static string FormatPhone(int subscriber) => "+49151" + subscriber.ToString("D8", CultureInfo.InvariantCulture);
}
