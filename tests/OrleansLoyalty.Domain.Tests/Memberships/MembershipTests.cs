using System.Text.Json;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Memberships;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Memberships;

/// <summary>Paid memberships: a period bought, extended by renewals, ended by a lapse that names the period it ends.</summary>
public sealed class MembershipTests
{
    private static readonly DateTimeOffset Jan31 = new(2027, 1, 31, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_renewal_extends_the_running_period_and_a_lapse_of_an_earlier_period_ends_nothing()
    {
        var account = AccountWith(
            Enrolled(Jan31.AddDays(-10)),
            new MembershipStarted(Jan31, "m1", "fp-m1", "plus", "Plus", Jan31, Jan31.AddMonths(1), 4.99m, "EUR", false),
            new MembershipStarted(Jan31.AddDays(20), "m2", "fp-m2", "plus", "Plus", Jan31.AddMonths(1), Jan31.AddMonths(2), 4.99m, "EUR", true));

        Assert.Equal(new HeldMembership("plus", Jan31, new DateTimeOffset(2027, 3, 31, 9, 0, 0, TimeSpan.Zero)), account.Membership);
        Assert.True(account.Membership!.IsActiveAt(Jan31.AddMonths(1).AddDays(5)));

        account.Apply(new MembershipLapsed(Jan31.AddMonths(1), "plus", Jan31.AddMonths(1)));
        Assert.NotNull(account.Membership);

        account.Apply(new MembershipLapsed(Jan31.AddMonths(2), "plus", Jan31.AddMonths(2)));
        Assert.Null(account.Membership);
        Assert.Equal(LedgerEntryType.MembershipLapse, account.LastEntry!.Type);
    }

    [Fact]
    public void Renewals_count_months_from_the_day_the_membership_started_so_month_ends_do_not_drift()
    {
        var first = new HeldMembership("plus", Jan31, Jan31.AddMonths(1));

        // 31 January plus a month is 28 February (no 31st); the renewal runs to 31 March, not 28 March.
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 9, 0, 0, TimeSpan.Zero), first.Until);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 9, 0, 0, TimeSpan.Zero), first.RenewedUntil(1));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 9, 0, 0, TimeSpan.Zero), (first with { Until = first.RenewedUntil(1) }).RenewedUntil(11));
    }

    [Fact]
    public void A_membership_is_a_line_of_the_points_statement_that_moves_no_points()
    {
        var account = AccountWith(Enrolled(Jan31), Earned("p1", 40, Jan31), new MembershipStarted(Jan31, "m1", "fp-m1", "plus", "Plus", Jan31, Jan31.AddMonths(1), 4.99m, "EUR", false));

        var line = account.FindEntry("m1")!;
        Assert.Equal((LedgerEntryType.Membership, 0L, 40L), (line.Type, line.Points, line.BalanceAfter));
        Assert.Contains("4.99 EUR", line.Description);
    }

    [Fact]
    public void A_membership_multiplies_the_base_points_as_a_rule_of_its_own()
    {
        var earning = new EarningSection(1, PointsRounding.Floor, 0, [], new Dictionary<string, decimal>());
        var input = new EarnInput(100, Jan31, "pos", [], 0, "member", null, TimeZoneInfo.Utc, new Dictionary<string, long>())
        {
            MembershipId = "plus",
            MembershipMultiplier = 1.5m,
        };

        var result = EarnCalculator.Calculate(earning, [new TierLevel("member", 0)], input);

        Assert.Equal([new EarnedBy("base", 100), new EarnedBy("membership:plus", 50)], result.Breakdown);
    }

    [Fact]
    public void Plans_and_cashback_in_the_program_are_checked_with_their_paths()
    {
        var (program, errors) = ProgramDefinition.Parse(JsonDocument.Parse("""
            {"name":"p","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},
             "tiers":{"windowDays":365,"levels":[{"name":"member","qualifyingPoints":0}]},
             "cashback":{"currency":"eur","percentByTier":{"gold":2,"member":80},"campaigns":[{"id":"x","name":"X","from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z","percent":1}]},
             "memberships":[{"id":"plus","name":"Plus","periodMonths":0,"price":-1,"currency":"EUR","spa":true},{"id":"plus","name":"Again","periodMonths":1,"price":1,"currency":"EUR"}]}
            """).RootElement);

        Assert.Null(program);
        Assert.Superset(errors.Select(e => e.Path).ToHashSet(), new HashSet<string>
        {
            "$.cashback.currency", "$.cashback.percentByTier['gold']", "$.cashback.percentByTier['member']", "$.cashback.campaigns[0].to",
            "$.memberships[0].periodMonths", "$.memberships[0].price", "$.memberships[0].spa", "$.memberships[1].id",
        });
    }

    [Fact]
    public void The_example_program_sells_a_monthly_membership_and_gives_cashback_by_tier()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json");
        var program = ProgramDefinition.Parse(JsonDocument.Parse(File.ReadAllText(path)).RootElement).Definition!;

        Assert.Equal(("beauty-plus", 1, 1.5m, 1m), (program.Memberships[0].Id, program.Memberships[0].PeriodMonths, program.Memberships[0].EarnMultiplier, program.Memberships[0].CashbackPercent));
        Assert.Equal(("EUR", 2m), (program.Cashback!.Currency, program.Cashback.PercentByTier["rouge"]));
        Assert.Null(ProgramDefinition.Default.Cashback);
    }
}

/// <summary>Coalition partners in the program: the shipped default has the demo partner its development key acts for.</summary>
public sealed class PartnerDefinitionTests
{
    [Fact]
    public void The_default_program_has_the_demo_partner_and_partner_ids_are_checked()
    {
        Assert.Equal(("p-demo", 1m), (ProgramDefinition.Default.Partners[0].Id, ProgramDefinition.Default.Partners[0].PointsPerUnit));

        var (program, errors) = ProgramDefinition.Parse(JsonDocument.Parse("""
            {"name":"p","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},
             "tiers":{"windowDays":365,"levels":[{"name":"member","qualifyingPoints":0}]},
             "partners":[{"id":"Air:Line","name":"Air","pointsPerUnit":0,"currencies":["eur"]},{"id":"fuel","name":"Fuel","pointsPerUnit":1,"currencies":["EUR"],"rate":2}]}
            """).RootElement);

        Assert.Null(program);
        Assert.Superset(errors.Select(e => e.Path).ToHashSet(), new HashSet<string>
        {
            "$.partners[0].id", "$.partners[0].pointsPerUnit", "$.partners[0].currencies[0]", "$.partners[1].rate",
        });
    }
}
