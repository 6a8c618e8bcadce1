using OrleansLoyalty.Domain.Consent;

namespace OrleansLoyalty.Domain.Tests.Consent;

public sealed class ConsentLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_is_granted_by_default_and_only_real_changes_are_recorded()
    {
        var ledger = new ConsentLedger([]);

        Assert.All(ledger.Current, c => Assert.Equal(ConsentScopes.Denied, c.Status));
        Assert.Empty(ledger.ChangesFor([new ConsentRequest("email", "marketing", ConsentScopes.Denied)], At, "app", null));

        var changes = ledger.ChangesFor([new ConsentRequest("email", "marketing", ConsentScopes.Granted), new ConsentRequest("sms", "profiling", ConsentScopes.Granted)], At, "app", "v3");
        foreach (var change in changes) ledger.Apply(change);

        Assert.Equal([1, 2], changes.Select(c => c.Sequence));
        Assert.True(ledger.IsGranted("email", "marketing"));
        Assert.True(ledger.IsGrantedForPurpose("profiling"));
        Assert.False(ledger.IsGrantedForPurpose("analytics"));
        Assert.Empty(ledger.ChangesFor([new ConsentRequest("email", "marketing", ConsentScopes.Granted)], At, "pos", "v4"));
        Assert.Equal(3, ledger.ChangesFor([new ConsentRequest("email", "marketing", ConsentScopes.Denied)], At, "pos", null).Single().Sequence);
    }
}
