namespace OrleansLoyalty.Gateway.Identity;

/// <summary>Link an identifier; <c>verified</c> says the caller verified it (an OTP, a login), default false.</summary>
public sealed record LinkIdentifierRequest(string? Type, string? Value, bool? Verified);

/// <summary>Merge the member <c>memberId</c> into the member of the route (the survivor).</summary>
public sealed record MergeRequest(string? MemberId, string? Reason, string? IdempotencyKey);
