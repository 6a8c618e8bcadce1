using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

public static class MemberGrains
{
    /// <summary>
    /// Asks the member grain, unless the id cannot name a member: then no grain is activated for junk input.
    /// Returns null for both a malformed id and a member that does not exist.
    /// </summary>
    public static async Task<T?> FindMember<T>(this IGrainFactory grains, string memberId, Func<IMemberGrain, Task<T?>> read) where T : class =>
        MemberId.IsWellFormed(memberId) ? await read(grains.GetGrain<IMemberGrain>(memberId)) : null;
}
