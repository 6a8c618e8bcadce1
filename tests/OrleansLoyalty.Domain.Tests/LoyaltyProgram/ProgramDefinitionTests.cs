using System.Text.Json;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Tiers;

namespace OrleansLoyalty.Domain.Tests.LoyaltyProgram;

/// <summary>The program definition is validated as a whole: every error with its JSON path, or a definition.</summary>
public sealed class ProgramDefinitionTests
{
    [Fact]
    public void The_shipped_default_program_is_the_program_the_system_ran_before_configuration()
    {
        var program = ProgramDefinition.Default;

        Assert.Equal((1m, PointsRounding.Floor, 0), (program.Earning.PointsPerUnit, program.Earning.Rounding, program.Earning.PendingDays));
        Assert.Equal(TierPolicy.Default.Window, TimeSpan.FromDays(program.Tiers.WindowDays));
        Assert.Equal(["member", "silver", "gold"], program.Tiers.Levels.Select(l => l.Name));
        Assert.Equal([0L, 1_000L, 5_000L], program.Tiers.Levels.Select(l => l.QualifyingPoints));
    }

    [Fact]
    public void The_example_program_in_docs_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json");
        var (program, errors) = ProgramDefinition.Parse(JsonDocument.Parse(File.ReadAllText(path)).RootElement);

        Assert.Empty(errors);
        Assert.Equal(14, program!.Earning.PendingDays);
        Assert.Equal(2m, program.Earning.CategoryMultipliers["fragrance"]);
    }

    [Fact]
    public void The_example_program_qualifies_tiers_by_points_or_spend_with_benefits_and_grace()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json");
        var program = ProgramDefinition.Parse(JsonDocument.Parse(File.ReadAllText(path)).RootElement).Definition!;

        Assert.Equal((TierQualification.Any, 30), (program.Tiers.QualifyBy, program.Tiers.GraceDays));
        var rouge = program.Tiers.Levels[2];
        Assert.Equal((1000m, 24), (rouge.QualifyingSpend, rouge.QualifyingPurchases));
        Assert.Equal(new TierBenefits(true, true, true, 500), rouge.Benefits);
    }

    [Fact]
    public void Tier_thresholds_and_benefits_are_checked_with_their_paths()
    {
        var (program, errors) = Parse("""
            {"name":"p","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},
             "tiers":{"windowDays":365,"qualifyBy":"either","graceDays":-1,"levels":[
               {"name":"member","qualifyingPoints":0,"qualifyingSpend":10},
               {"name":"silver","qualifyingPoints":10,"qualifyingSpend":500,"benefits":{"freeShipping":"yes","birthdayPoints":-5,"spa":true}},
               {"name":"gold","qualifyingPoints":20,"qualifyingSpend":400,"qualifyingPurchases":1.5}]}}
            """);

        Assert.Null(program);
        Assert.Superset(errors.Select(e => e.Path).ToHashSet(), new HashSet<string>
        {
            "$.tiers.qualifyBy", "$.tiers.graceDays", "$.tiers.levels[0]", "$.tiers.levels[1].benefits.freeShipping",
            "$.tiers.levels[1].benefits.birthdayPoints", "$.tiers.levels[1].benefits.spa", "$.tiers.levels[2].qualifyingSpend",
            "$.tiers.levels[2].qualifyingPurchases",
        });
    }

    [Fact]
    public void Rewards_are_checked_with_their_paths_and_the_example_has_a_tier_only_reward()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json");
        var example = ProgramDefinition.Parse(JsonDocument.Parse(File.ReadAllText(path)).RootElement).Definition!;
        Assert.Equal(["vib", "rouge"], example.Rewards.Single(r => r.Id == "makeover").Tiers);

        var (program, errors) = Parse("""
            {"name":"p","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},
             "tiers":{"windowDays":365,"levels":[{"name":"member","qualifyingPoints":0}]},
             "rewards":[{"id":"Coffee!","name":"Coffee","cost":0,"validDays":7},{"id":"tea","name":"Tea","cost":5,"tiers":["gold"],"stock":-1,"validDays":0},{"id":"tea","name":"Tea","cost":5,"validDays":1}]}
            """);

        Assert.Null(program);
        Assert.Superset(errors.Select(e => e.Path).ToHashSet(), new HashSet<string>
        {
            "$.rewards[0].id", "$.rewards[0].cost", "$.rewards[1].tiers[0]", "$.rewards[1].stock", "$.rewards[1].validDays", "$.rewards[2].id",
        });
    }

    [Fact]
    public void Every_error_is_listed_with_its_path()
    {
        var (program, errors) = Parse("""
            {"name":"", "colour":"red",
             "earning":{"pointsPerUnit":-1,"rounding":"up","pendingDays":1.5,"excludedCategories":["gift","gift"],"categoryMultipliers":{"gift":2,"shoes":99}},
             "tiers":{"windowDays":0,"levels":[{"name":"Gold","qualifyingPoints":10},{"name":"silver","qualifyingPoints":5},{"name":"silver","qualifyingPoints":50,"x":1}]}}
            """);

        Assert.Null(program);
        var paths = errors.Select(e => e.Path).ToHashSet();
        Assert.Superset(paths.ToHashSet(), new HashSet<string>
        {
            "$.name", "$.colour", "$.earning.pointsPerUnit", "$.earning.rounding", "$.earning.pendingDays", "$.earning.excludedCategories[1]",
            "$.earning.categoryMultipliers['gift']", "$.earning.categoryMultipliers['shoes']", "$.tiers.windowDays",
            "$.tiers.levels[0].name", "$.tiers.levels[0].qualifyingPoints", "$.tiers.levels[1].qualifyingPoints", "$.tiers.levels[2].name", "$.tiers.levels[2].x",
        });
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("""{"name":"p","tiers":{"windowDays":365,"levels":[{"name":"member","qualifyingPoints":0}]}}""", "$.earning")]
    [InlineData("""{"name":"p","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},"tiers":{"windowDays":365,"levels":[]}}""", "$.tiers.levels")]
    public void A_missing_section_is_named(string json, string path)
    {
        var (program, errors) = Parse(json);

        Assert.Null(program);
        Assert.Contains(errors, e => e.Path == path);
    }

    [Theory]
    [InlineData("""{"name":"a\u0000b"}""", "$.name")]
    [InlineData("""{"name":"a\ud800b"}""", "$.name")]
    [InlineData("""{"name":"p","earning":{"excludedCategories":["\ud800"]}}""", "$.earning.excludedCategories[0]")]
    [InlineData("""{"name":"p","earning":{"categoryMultipliers":{"\ud800":2}}}""", "$.earning.categoryMultipliers")]
    [InlineData("""{"\ud800":1}""", "$")]
    public void Text_that_cannot_be_stored_is_an_error_not_a_crash(string json, string path)
    {
        var (program, errors) = Parse(json);

        Assert.Null(program);
        Assert.Contains(errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
    }

    private static (ProgramDefinition? Program, IReadOnlyList<(string Path, string Message)> Errors) Parse(string json) =>
        ProgramDefinition.Parse(JsonDocument.Parse(json).RootElement);
}
