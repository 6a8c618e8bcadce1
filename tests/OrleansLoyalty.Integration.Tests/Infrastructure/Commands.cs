using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>Small builders for the commands tests send, with unique identifiers per call.</summary>
public static class Commands
{
    public static EnrolMemberCommand Enrol(string? email = null) => new(
        [new IdentifierValue("email", email ?? $"member-{Guid.NewGuid():N}@example.com")],
        new ProfileData("Ann", "Lee", "de-DE", "Europe/Berlin"),
        null);

    public static RecordPurchaseCommand Purchase(string key, decimal amount) => new(
        key, amount, "EUR", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), "pos", "s-17",
        [new PurchaseLine("A1", "shoes", 1, amount)]);

    public static RedeemPointsCommand Redeem(string key, long points) => new(key, points, "reward:coffee", "pos");

    public static async Task<string> EnrolledMember(IGrainFactory grains, decimal startingPurchase = 0)
    {
        var memberId = MemberId.New();
        var member = grains.GetGrain<IMemberGrain>(memberId);
        var enrolment = await grains.GetGrain<IProfileGrain>(memberId).Enrol(Enrol());
        Assert.Equal(EnrolmentStatus.Enrolled, enrolment.Status);
        if (startingPurchase > 0)
        {
            Assert.Equal(CommandStatus.Applied, (await member.RecordPurchase(Purchase("start-" + memberId, startingPurchase))).Status);
        }
        return memberId;
    }
}
