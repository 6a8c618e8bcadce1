using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Members;

namespace OrleansLoyalty.Gateway.Identity;

public sealed record ResolveResponse(string MemberId);

/// <summary>What an undo did: both members as they are now, what went back, and what stayed with the survivor.</summary>
public sealed record UndoMergeResponse(
    MemberResponse Restored,
    MemberResponse Survivor,
    long PointsReturned,
    IReadOnlyList<IdentifierSummary> IdentifiersReturned,
    IReadOnlyList<LedgerEntryResponse> KeptBySurvivor);

public sealed record IdentifierSummary(string Type, string Value);
