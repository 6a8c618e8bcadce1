using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansLoyalty.Domain.Cashback;
using OrleansLoyalty.Domain.Challenges;
using OrleansLoyalty.Domain.Common;
using OrleansLoyalty.Domain.Memberships;
using OrleansLoyalty.Domain.Partners;

namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>The touchpoints a purchase can come through.</summary>
public static class PurchaseChannels
{
    public static readonly IReadOnlyList<string> All = ["pos", "app", "web", "kiosk", "call-center", "partner", "agent", "import", "backoffice"];
}

/// <summary>How earned points are rounded to whole points.</summary>
public static class PointsRounding
{
    public const string Floor = "floor";
    public const string Nearest = "nearest";
    public const string Ceiling = "ceiling";
    public static readonly IReadOnlyList<string> All = [Floor, Nearest, Ceiling];
}

/// <param name="PointsPerUnit">Base points per whole currency unit spent.</param>
/// <param name="PendingDays">Days after a purchase before its points can be redeemed (the return window).</param>
/// <param name="ExcludedCategories">Categories that earn nothing (gift cards, tobacco).</param>
/// <param name="CategoryMultipliers">Points multiplier per category (2: double points).</param>
public sealed record EarningSection(
    decimal PointsPerUnit,
    string Rounding,
    int PendingDays,
    IReadOnlyList<string> ExcludedCategories,
    IReadOnlyDictionary<string, decimal> CategoryMultipliers)
{
    /// <summary>Points multiplier per purchase channel ("app": 1.5 earns half the base again in the app).</summary>
    public IReadOnlyDictionary<string, decimal> ChannelBonuses { get; init; } = new Dictionary<string, decimal>();

    public IReadOnlyList<Campaign> Campaigns { get; init; } = [];

    /// <summary>The personalised bonus day; null: none.</summary>
    public BonusDayRule? BonusDay { get; init; }
}

/// <summary>
/// A time-boxed campaign: purchases from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) earn the base points
/// of their eligible lines again times (<see cref="Multiplier"/> − 1), limited per member and in total. Empty
/// <see cref="Categories"/> or <see cref="Channels"/> mean all.
/// </summary>
public sealed record Campaign(
    string Id, string Name, DateTimeOffset From, DateTimeOffset To, decimal Multiplier,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Channels, long? PerMemberLimit, long? TotalBudget);

/// <summary>
/// A member whose purchases in the last <see cref="LookbackDays"/> days number at least <see cref="MinPurchases"/> and fall on one
/// weekday (in the member's time zone) at least <see cref="MinShare"/> of the time earns the base again times
/// (<see cref="Multiplier"/> − 1) on that weekday.
/// </summary>
public sealed record BonusDayRule(int LookbackDays, int MinPurchases, decimal MinShare, decimal Multiplier);

/// <summary>When earned points expire.</summary>
public static class ExpiryPolicies
{
    /// <summary><c>months</c> after the purchase, to the second.</summary>
    public const string MonthsAfterEarn = "months-after-earn";

    /// <summary>At the end (UTC) of the calendar quarter in which the purchase plus <c>months</c> falls.</summary>
    public const string EndOfQuarter = "end-of-quarter";

    /// <summary>At the end (UTC) of the calendar year in which the purchase plus <c>months</c> falls.</summary>
    public const string EndOfYear = "end-of-year";

    public const string Never = "never";

    public static readonly IReadOnlyList<string> All = [MonthsAfterEarn, EndOfQuarter, EndOfYear, Never];
}

/// <param name="NeverForTiers">Points earned while the member holds one of these tiers never expire.</param>
public sealed record ExpirySection(string Policy, int Months, IReadOnlyList<string> NeverForTiers)
{
    public static readonly ExpirySection Never = new(ExpiryPolicies.Never, 0, []);
}

/// <param name="NegativeBalanceLimit">How far below zero a return may take a balance whose points were spent; beyond it the rest is a debt recovered from future earns.</param>
public sealed record ReturnsSection(long NegativeBalanceLimit)
{
    public static readonly ReturnsSection Default = new(0);
}

/// <param name="EarnMultiplier">Points multiplier for purchases while the member holds this tier (1: none).</param>
public sealed record TierLevel(string Name, long QualifyingPoints, decimal EarnMultiplier = 1)
{
    /// <summary>Spend (net of returns) in the window that also reaches this tier; none when only points count.</summary>
    public decimal? QualifyingSpend { get; init; }

    /// <summary>Purchases in the window that also reach this tier; none when they do not count.</summary>
    public int? QualifyingPurchases { get; init; }

    public TierBenefits Benefits { get; init; } = TierBenefits.None;
}

/// <summary>What a tier gives, shown on the POS card and in the wallet so staff and member see the same.</summary>
/// <param name="BirthdayPoints">Points the member is given on their birthday (0: none).</param>
public sealed record TierBenefits(bool FreeShipping, bool PriorityService, bool EarlyAccess, long BirthdayPoints)
{
    public static readonly TierBenefits None = new(false, false, false, 0);
}

/// <summary>How a tier's thresholds combine: <c>any</c> one of them reached, or <c>all</c> of them.</summary>
public static class TierQualification
{
    public const string Any = "any";
    public const string All = "all";
    public static readonly IReadOnlyList<string> Modes = [Any, All];
}

/// <summary>A reward of the catalogue: what it costs, who may have it, how many there are, and how long its code is valid.</summary>
/// <param name="Tiers">The tiers that may redeem it; empty for every member.</param>
/// <param name="Stock">How many codes may ever be issued; null for no limit.</param>
/// <param name="PerMemberLimit">How many one member may redeem; null for no limit.</param>
public sealed record RewardDefinition(string Id, string Name, long Cost, IReadOnlyList<string> Tiers, long? Stock, int? PerMemberLimit, int ValidDays);

/// <param name="WindowDays">The rolling window activity is counted over.</param>
public sealed record TierSection(int WindowDays, IReadOnlyList<TierLevel> Levels)
{
    public string QualifyBy { get; init; } = TierQualification.Any;

    /// <summary>Days after the member's anniversary before a review may lower the tier: time to requalify.</summary>
    public int GraceDays { get; init; }
}

/// <summary>
/// A loyalty program as its marketing team defines it (JSON), validated as a whole by <see cref="Parse"/>. Stored in
/// versions; a version applies to what is decided after it, never to history (decisions are events).
/// </summary>
public sealed record ProgramDefinition(string Name, EarningSection Earning, TierSection Tiers)
{
    public ExpirySection Expiry { get; init; } = ExpirySection.Never;

    public ReturnsSection Returns { get; init; } = ReturnsSection.Default;

    /// <summary>The rewards catalogue: what points buy.</summary>
    public IReadOnlyList<RewardDefinition> Rewards { get; init; } = [];

    /// <summary>Money back on purchases into the cashback wallet; null: the program gives none.</summary>
    public CashbackSection? Cashback { get; init; }

    /// <summary>The paid memberships a member can buy.</summary>
    public IReadOnlyList<MembershipPlan> Memberships { get; init; } = [];

    /// <summary>The coalition partners that may post earn and burn for linked members.</summary>
    public IReadOnlyList<PartnerDefinition> Partners { get; init; } = [];

    /// <summary>Challenges (gamification): goals over a window, with personal targets, rewarded once.</summary>
    public IReadOnlyList<ChallengeDefinition> Challenges { get; init; } = [];

    // Declared before Default: static fields initialise in order, and parsing the default uses it.
    private static readonly Regex TierName = new("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant);
    private static readonly Regex CampaignId = new("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex CurrencyCode = new("^[A-Z]{3}$", RegexOptions.CultureInvariant);

    // A partner's id is the namespace of its members' partner identifiers (IdentifierNormalizer.NormalizeNamespaced).
    private static readonly Regex PartnerId = new("^[a-z][a-z0-9_-]{1,31}$", RegexOptions.CultureInvariant);

    /// <summary>The program a fresh system runs: the file shipped beside this class (default-program.json).</summary>
    public static readonly string DefaultJson = ReadDefault();

    public static ProgramDefinition Default { get; } = Parse(JsonDocument.Parse(DefaultJson).RootElement).Definition
        ?? throw new InvalidOperationException("The shipped default program is invalid.");

    /// <summary>
    /// Reads a definition, collecting every error with its JSON path (a wrong type, a missing or unknown field, a value
    /// out of range), so a marketing team fixes the whole file in one go. No definition when there is any error.
    /// </summary>
    public static (ProgramDefinition? Definition, IReadOnlyList<(string Path, string Message)> Errors) Parse(JsonElement json)
    {
        var reader = new Reader();
        var definition = reader.Object(json, "$", ["name", "earning", "tiers", "expiry", "returns", "rewards", "cashback", "memberships", "partners", "challenges"], root =>
        {
            var name = reader.Text(root, "$", "name", 1, 100);
            var earning = reader.Object(root.GetPropertyOrDefault("earning"), "$.earning",
                ["pointsPerUnit", "rounding", "pendingDays", "excludedCategories", "categoryMultipliers", "channelBonuses", "campaigns", "bonusDay"],
                e => ReadEarning(reader, e));
            var tiers = reader.Object(root.GetPropertyOrDefault("tiers"), "$.tiers", ["windowDays", "qualifyBy", "graceDays", "levels"], t => ReadTiers(reader, t));
            var expiry = root.GetPropertyOrDefault("expiry").ValueKind == JsonValueKind.Undefined ? ExpirySection.Never
                : reader.Object(root.GetPropertyOrDefault("expiry"), "$.expiry", ["policy", "months", "neverForTiers"], e => ReadExpiry(reader, e));
            var returns = root.GetPropertyOrDefault("returns").ValueKind == JsonValueKind.Undefined ? ReturnsSection.Default
                : reader.Object(root.GetPropertyOrDefault("returns"), "$.returns", ["negativeBalanceLimit"], r =>
                    reader.Number(r, "$.returns", "negativeBalanceLimit", 0, 1_000_000, whole: true) is { } limit ? new ReturnsSection((long)limit) : null);
            if (expiry is not null && tiers is not null)
            {
                for (var i = 0; i < expiry.NeverForTiers.Count; i++)
                {
                    if (!tiers.Levels.Any(l => l.Name == expiry.NeverForTiers[i])) reader.Error($"$.expiry.neverForTiers[{i}]", "is not a tier of this program.");
                }
            }
            var rewards = ReadRewards(reader, root.GetPropertyOrDefault("rewards"), tiers);
            var cashbackJson = root.GetPropertyOrDefault("cashback");
            var cashback = cashbackJson.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null
                : reader.Object(cashbackJson, "$.cashback", ["currency", "percentByTier", "campaigns"], c => ReadCashback(reader, c, tiers));
            var cashbackOk = cashbackJson.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || cashback is not null;
            var memberships = ReadMemberships(reader, root.GetPropertyOrDefault("memberships"));
            var partners = ReadPartners(reader, root.GetPropertyOrDefault("partners"));
            var challenges = ReadChallenges(reader, root.GetPropertyOrDefault("challenges"));
            return name is null || earning is null || tiers is null || expiry is null || returns is null || rewards is null || !cashbackOk || memberships is null || partners is null
                || challenges is null
                ? null
                : new ProgramDefinition(name, earning, tiers)
                {
                    Expiry = expiry, Returns = returns, Rewards = rewards, Cashback = cashback, Memberships = memberships, Partners = partners, Challenges = challenges,
                };
        });
        return reader.Errors.Count == 0 ? (definition, []) : (null, reader.Errors);
    }

    private static EarningSection? ReadEarning(Reader reader, JsonElement earning)
    {
        var rate = reader.Number(earning, "$.earning", "pointsPerUnit", 0.01m, 1000m);
        var rounding = reader.Text(earning, "$.earning", "rounding", 1, 20);
        if (rounding is not null && !PointsRounding.All.Contains(rounding))
        {
            reader.Error("$.earning.rounding", $"must be one of: {string.Join(", ", PointsRounding.All)}.");
        }
        var pending = reader.Number(earning, "$.earning", "pendingDays", 0, 365, whole: true);
        var excluded = reader.Names(earning.GetPropertyOrDefault("excludedCategories"), "$.earning.excludedCategories");
        var multipliers = reader.Multipliers(earning, "$.earning", "categoryMultipliers", required: true, "category");
        foreach (var category in multipliers?.Keys ?? [])
        {
            if (excluded?.Contains(category) == true) reader.Error($"$.earning.categoryMultipliers['{category}']", "is an excluded category: it earns nothing, so it cannot have a multiplier.");
        }
        var channelBonuses = reader.Multipliers(earning, "$.earning", "channelBonuses", required: false, "channel");
        foreach (var channel in channelBonuses?.Keys ?? [])
        {
            if (!PurchaseChannels.All.Contains(channel)) reader.Error($"$.earning.channelBonuses['{channel}']", $"is not a channel; the channels are: {string.Join(", ", PurchaseChannels.All)}.");
        }
        var campaigns = ReadCampaigns(reader, earning.GetPropertyOrDefault("campaigns"));
        var bonusDay = earning.GetPropertyOrDefault("bonusDay").ValueKind == JsonValueKind.Undefined ? null
            : reader.Object(earning.GetPropertyOrDefault("bonusDay"), "$.earning.bonusDay", ["lookbackDays", "minPurchases", "minShare", "multiplier"], b =>
            {
                var lookback = reader.Number(b, "$.earning.bonusDay", "lookbackDays", 7, 730, whole: true);
                var minPurchases = reader.Number(b, "$.earning.bonusDay", "minPurchases", 2, 1000, whole: true);
                var minShare = reader.Number(b, "$.earning.bonusDay", "minShare", 0.2m, 1m);
                var multiplier = reader.Number(b, "$.earning.bonusDay", "multiplier", 1.01m, 10m);
                return lookback is null || minPurchases is null || minShare is null || multiplier is null ? null
                    : new BonusDayRule((int)lookback, (int)minPurchases, minShare.Value, multiplier.Value);
            });
        return rate is null || rounding is null || pending is null || excluded is null || multipliers is null || channelBonuses is null || campaigns is null
            ? null
            : new EarningSection(rate.Value, rounding, (int)pending.Value, excluded, multipliers)
            {
                ChannelBonuses = channelBonuses,
                Campaigns = campaigns,
                BonusDay = bonusDay,
            };
    }

    private static IReadOnlyList<RewardDefinition>? ReadRewards(Reader reader, JsonElement array, TierSection? tiers)
    {
        return reader.Objects<RewardDefinition>(array, "$.rewards", "rewards", ["id", "name", "cost", "tiers", "stock", "perMemberLimit", "validDays"], (r, path, rewards) =>
            {
                var id = reader.Id(r, path, rewards.Select(other => other.Id), "reward");
                var name = reader.Text(r, path, "name", 1, 100);
                var cost = reader.Number(r, path, "cost", 1, 10_000_000, whole: true);
                var onlyFor = r.GetPropertyOrDefault("tiers").ValueKind == JsonValueKind.Undefined ? [] : reader.Names(r.GetPropertyOrDefault("tiers"), path + ".tiers");
                for (var i = 0; i < (onlyFor?.Count ?? 0); i++)
                {
                    if (tiers is not null && !tiers.Levels.Any(l => l.Name == onlyFor![i])) reader.Error($"{path}.tiers[{i}]", "is not a tier of this program.");
                }
                var stock = reader.OptionalNumber(r, path, "stock", 0, 100_000_000, whole: true, out var stockOk);
                var perMember = reader.OptionalNumber(r, path, "perMemberLimit", 1, 10_000, whole: true, out var perMemberOk);
                var validDays = reader.Number(r, path, "validDays", 1, 3_650, whole: true);
                return id is null || name is null || cost is null || onlyFor is null || !stockOk || !perMemberOk || validDays is null
                    ? null
                    : new RewardDefinition(id, name, (long)cost.Value, onlyFor, (long?)stock, (int?)perMember, (int)validDays.Value);
            });
    }

    private static CashbackSection? ReadCashback(Reader reader, JsonElement cashback, TierSection? tiers)
    {
        var currency = reader.Text(cashback, "$.cashback", "currency", 3, 3);
        if (currency is not null && !CurrencyCode.IsMatch(currency)) reader.Error("$.cashback.currency", "must be an ISO 4217 code in capitals, e.g. EUR.");
        var percents = reader.Percents(cashback, "$.cashback", "percentByTier", "tier");
        foreach (var tier in percents?.Keys ?? [])
        {
            if (tiers is not null && !tiers.Levels.Any(l => l.Name == tier)) reader.Error($"$.cashback.percentByTier['{tier}']", "is not a tier of this program.");
        }
        var campaigns = reader.Objects<CashbackCampaign>(cashback.GetPropertyOrDefault("campaigns"), "$.cashback.campaigns", "campaigns", ["id", "name", "from", "to", "percent", "channels"], (c, path, earlier) =>
            {
                var id = reader.Id(c, path, earlier.Select(other => other.Id), "cashback campaign");
                var name = reader.Text(c, path, "name", 1, 100);
                var from = reader.Timestamp(c, path, "from");
                var to = reader.Timestamp(c, path, "to");
                if (from is not null && to is not null && to <= from) reader.Error(path + ".to", "must be after from.");
                var percent = reader.Number(c, path, "percent", 0.01m, 50m);
                var channels = c.GetPropertyOrDefault("channels").ValueKind == JsonValueKind.Undefined ? [] : reader.Names(c.GetPropertyOrDefault("channels"), path + ".channels");
                return id is null || name is null || from is null || to is null || percent is null || channels is null
                    ? null
                    : new CashbackCampaign(id, name, from.Value, to.Value, percent.Value, channels);
            });
        return currency is null || percents is null || campaigns is null ? null : new CashbackSection(currency, percents) { Campaigns = campaigns };
    }

    private static IReadOnlyList<ChallengeDefinition>? ReadChallenges(Reader reader, JsonElement array)
    {
        return reader.Objects<ChallengeDefinition>(array, "$.challenges", "challenges", ["id", "name", "goal", "from", "to", "target", "rewardPoints"], (c, path, challenges) =>
            {
                var id = reader.Id(c, path, challenges.Select(other => other.Id), "challenge");
                var name = reader.Text(c, path, "name", 1, 100);
                var goal = reader.Text(c, path, "goal", 1, 20);
                if (goal is not null && !ChallengeGoals.All.Contains(goal))
                {
                    reader.Error(path + ".goal", $"must be one of: {string.Join(", ", ChallengeGoals.All)}.");
                    goal = null;
                }
                var from = reader.Timestamp(c, path, "from");
                var to = reader.Timestamp(c, path, "to");
                if (from is not null && to is not null && (to <= from || to - from > TimeSpan.FromDays(366))) reader.Error(path + ".to", "must be after from, at most a year later.");
                var reward = reader.Number(c, path, "rewardPoints", 1, 10_000_000, whole: true);
                var targetPath = path + ".target";
                var target = reader.Object(c.GetPropertyOrDefault("target"), targetPath, ["fixed", "factor", "lookbackDays", "min", "max"], t =>
                {
                    var whole = goal != ChallengeGoals.Spend;
                    if (t.GetPropertyOrDefault("fixed").ValueKind != JsonValueKind.Undefined)
                    {
                        if (t.EnumerateObject().Count() > 1) reader.Error(targetPath, "give either fixed or factor, lookbackDays, min and max.");
                        return reader.Number(t, targetPath, "fixed", 1, 1_000_000, whole: whole) is { } value ? new TargetSpec(value, null) : null;
                    }
                    var factor = reader.Number(t, targetPath, "factor", 1, 5);
                    var lookback = reader.Number(t, targetPath, "lookbackDays", 7, 730, whole: true);
                    var min = reader.Number(t, targetPath, "min", 1, 1_000_000, whole: whole);
                    var max = reader.Number(t, targetPath, "max", 1, 1_000_000, whole: whole);
                    if (min is not null && max is not null && max < min) reader.Error(targetPath + ".max", "must be at least min.");
                    return factor is null || lookback is null || min is null || max is null ? null
                        : new TargetSpec(null, new PersonalTarget(factor.Value, (int)lookback.Value, min.Value, max.Value));
                });
                return id is null || name is null || goal is null || from is null || to is null || reward is null || target is null
                    ? null
                    : new ChallengeDefinition(id, name, goal, from.Value, to.Value, target.Fixed, target.Personal, (long)reward.Value);
            });
    }

    private sealed record TargetSpec(decimal? Fixed, PersonalTarget? Personal);

    private static IReadOnlyList<PartnerDefinition>? ReadPartners(Reader reader, JsonElement array)
    {
        return reader.Objects<PartnerDefinition>(array, "$.partners", "partners", ["id", "name", "pointsPerUnit", "currencies"], (p, path, partners) =>
            {
                var id = reader.Text(p, path, "id", 2, 32);
                if (id is not null && !PartnerId.IsMatch(id)) reader.Error(path + ".id", "must be 2 to 32 lower-case letters, digits, '_' or '-', starting with a letter.");
                if (id is not null && partners.Any(other => other.Id == id)) reader.Error(path + ".id", "is the id of another partner.");
                var name = reader.Text(p, path, "name", 1, 100);
                var rate = reader.Number(p, path, "pointsPerUnit", 0.01m, 1000m);
                var currencies = reader.Names(p.GetPropertyOrDefault("currencies"), path + ".currencies");
                for (var i = 0; i < (currencies?.Count ?? 0); i++)
                {
                    if (!CurrencyCode.IsMatch(currencies![i])) reader.Error($"{path}.currencies[{i}]", "must be an ISO 4217 code in capitals, e.g. EUR.");
                }
                return id is null || name is null || rate is null || currencies is null ? null : new PartnerDefinition(id, name, rate.Value, currencies);
            });
    }

    private static IReadOnlyList<MembershipPlan>? ReadMemberships(Reader reader, JsonElement array)
    {
        return reader.Objects<MembershipPlan>(array, "$.memberships", "paid memberships", ["id", "name", "periodMonths", "price", "currency", "earnMultiplier", "cashbackPercent", "benefits"], (m, path, plans) =>
            {
                var id = reader.Id(m, path, plans.Select(other => other.Id), "membership");
                var name = reader.Text(m, path, "name", 1, 100);
                var months = reader.Number(m, path, "periodMonths", 1, 36, whole: true);
                var price = reader.Number(m, path, "price", 0, 100_000);
                var currency = reader.Text(m, path, "currency", 3, 3);
                if (currency is not null && !CurrencyCode.IsMatch(currency)) reader.Error(path + ".currency", "must be an ISO 4217 code in capitals, e.g. EUR.");
                var multiplier = reader.OptionalNumber(m, path, "earnMultiplier", 1, 10, whole: false, out var multiplierOk) ?? 1;
                var cashbackPercent = reader.OptionalNumber(m, path, "cashbackPercent", 0, 50, whole: false, out var cashbackOk) ?? 0;
                var benefits = m.GetPropertyOrDefault("benefits").ValueKind == JsonValueKind.Undefined
                    ? TierBenefits.None
                    : reader.Object(m.GetPropertyOrDefault("benefits"), path + ".benefits", ["freeShipping", "priorityService", "earlyAccess", "birthdayPoints"], b => ReadBenefits(reader, b, path + ".benefits"));
                return id is null || name is null || months is null || price is null || currency is null || !multiplierOk || !cashbackOk || benefits is null
                    ? null
                    : new MembershipPlan(id, name, (int)months.Value, price.Value, currency, multiplier, cashbackPercent, benefits);
            });
    }

    private static IReadOnlyList<Campaign>? ReadCampaigns(Reader reader, JsonElement array)
    {
        return reader.Objects<Campaign>(array, "$.earning.campaigns", "campaigns", ["id", "name", "from", "to", "multiplier", "categories", "channels", "perMemberLimit", "totalBudget"], (c, path, campaigns) =>
            {
                var id = reader.Id(c, path, campaigns.Select(other => other.Id), "campaign");
                var name = reader.Text(c, path, "name", 1, 100);
                var from = reader.Timestamp(c, path, "from");
                var to = reader.Timestamp(c, path, "to");
                if (from is not null && to is not null && to <= from) reader.Error(path + ".to", "must be after from.");
                var multiplier = reader.Number(c, path, "multiplier", 1.01m, 10m);
                var categories = c.GetPropertyOrDefault("categories").ValueKind == JsonValueKind.Undefined ? [] : reader.Names(c.GetPropertyOrDefault("categories"), path + ".categories");
                var channels = c.GetPropertyOrDefault("channels").ValueKind == JsonValueKind.Undefined ? [] : reader.Names(c.GetPropertyOrDefault("channels"), path + ".channels");
                var perMember = reader.OptionalNumber(c, path, "perMemberLimit", 1, 100_000_000, whole: true, out var perMemberOk);
                var budget = reader.OptionalNumber(c, path, "totalBudget", 1, 10_000_000_000, whole: true, out var budgetOk);
                return id is null || name is null || from is null || to is null || multiplier is null || categories is null || channels is null || !perMemberOk || !budgetOk
                    ? null
                    : new Campaign(id, name, from.Value, to.Value, multiplier.Value, categories, channels, (long?)perMember, (long?)budget);
            });
    }

    private static ExpirySection? ReadExpiry(Reader reader, JsonElement expiry)
    {
        var policy = reader.Text(expiry, "$.expiry", "policy", 1, 20);
        if (policy is not null && !ExpiryPolicies.All.Contains(policy))
        {
            reader.Error("$.expiry.policy", $"must be one of: {string.Join(", ", ExpiryPolicies.All)}.");
            policy = null;
        }
        decimal? months = 0;
        if (policy is not null and not ExpiryPolicies.Never) months = reader.Number(expiry, "$.expiry", "months", policy == ExpiryPolicies.MonthsAfterEarn ? 1 : 0, 120, whole: true);
        var never = expiry.GetPropertyOrDefault("neverForTiers").ValueKind == JsonValueKind.Undefined ? [] : reader.Names(expiry.GetPropertyOrDefault("neverForTiers"), "$.expiry.neverForTiers");
        return policy is null || months is null || never is null ? null : new ExpirySection(policy, (int)months, never);
    }

    private static TierSection? ReadTiers(Reader reader, JsonElement tiers)
    {
        var window = reader.Number(tiers, "$.tiers", "windowDays", 1, Ledger.MemberAccount.MaxTierWindowDays, whole: true);
        var qualifyBy = TierQualification.Any;
        if (tiers.GetPropertyOrDefault("qualifyBy").ValueKind != JsonValueKind.Undefined)
        {
            qualifyBy = reader.Text(tiers, "$.tiers", "qualifyBy", 1, 10) ?? TierQualification.Any;
            if (!TierQualification.Modes.Contains(qualifyBy)) reader.Error("$.tiers.qualifyBy", $"must be one of: {string.Join(", ", TierQualification.Modes)}.");
        }
        var grace = reader.OptionalNumber(tiers, "$.tiers", "graceDays", 0, 365, whole: true, out _) ?? 0;
        var levels = new List<TierLevel>();
        var array = tiers.GetPropertyOrDefault("levels");
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            reader.Error("$.tiers.levels", "is required: at least one tier, the first needing 0 qualifying points.");
        }
        else
        {
            var index = 0;
            foreach (var level in array.EnumerateArray())
            {
                var path = $"$.tiers.levels[{index}]";
                var parsed = reader.Object(level, path, ["name", "qualifyingPoints", "qualifyingSpend", "qualifyingPurchases", "earnMultiplier", "benefits"], l =>
                {
                    var name = reader.Text(l, path, "name", 1, 32);
                    if (name is not null && !TierName.IsMatch(name)) reader.Error(path + ".name", "must be lower-case letters, digits, '_' or '-', starting with a letter.");
                    var points = reader.Number(l, path, "qualifyingPoints", 0, 100_000_000, whole: true);
                    var spend = reader.OptionalNumber(l, path, "qualifyingSpend", 0, 100_000_000, whole: false, out var spendOk);
                    var purchases = reader.OptionalNumber(l, path, "qualifyingPurchases", 0, 100_000, whole: true, out var purchasesOk);
                    var multiplier = reader.OptionalNumber(l, path, "earnMultiplier", 1, 10, whole: false, out var multiplierOk) ?? 1;
                    var benefits = l.GetPropertyOrDefault("benefits").ValueKind == JsonValueKind.Undefined
                        ? TierBenefits.None
                        : reader.Object(l.GetPropertyOrDefault("benefits"), path + ".benefits", ["freeShipping", "priorityService", "earlyAccess", "birthdayPoints"], b => ReadBenefits(reader, b, path + ".benefits"));
                    return name is null || points is null || !multiplierOk || !spendOk || !purchasesOk || benefits is null
                        ? null
                        : new TierLevel(name, (long)points.Value, multiplier)
                        {
                            QualifyingSpend = spend,
                            QualifyingPurchases = purchases is null ? null : (int)purchases.Value,
                            Benefits = benefits,
                        };
                });
                if (parsed is not null)
                {
                    if (index == 0 && parsed.QualifyingPoints != 0) reader.Error(path + ".qualifyingPoints", "the first tier must need 0 qualifying points: every member holds it.");
                    if (levels.Count > 0 && parsed.QualifyingPoints <= levels[^1].QualifyingPoints) reader.Error(path + ".qualifyingPoints", "must be more than the tier before it.");
                    if (index == 0 && (parsed.QualifyingSpend > 0 || parsed.QualifyingPurchases > 0)) reader.Error(path, "the first tier is every member's: it takes no spend or purchases.");
                    if (levels.LastOrDefault(l => l.QualifyingSpend is not null) is { } spendBefore && parsed.QualifyingSpend <= spendBefore.QualifyingSpend)
                    {
                        reader.Error(path + ".qualifyingSpend", $"must be more than the spend of {spendBefore.Name}.");
                    }
                    if (levels.LastOrDefault(l => l.QualifyingPurchases is not null) is { } purchasesBefore && parsed.QualifyingPurchases <= purchasesBefore.QualifyingPurchases)
                    {
                        reader.Error(path + ".qualifyingPurchases", $"must be more than the purchases of {purchasesBefore.Name}.");
                    }
                    if (levels.Any(l => l.Name == parsed.Name)) reader.Error(path + ".name", "is the name of another tier.");
                    levels.Add(parsed);
                }
                index++;
            }
        }
        return window is null || levels.Count == 0 ? null : new TierSection((int)window.Value, levels) { QualifyBy = qualifyBy, GraceDays = (int)grace };
    }

    private static TierBenefits? ReadBenefits(Reader reader, JsonElement benefits, string path)
    {
        bool Flag(string field)
        {
            var value = benefits.GetPropertyOrDefault(field);
            if (value.ValueKind is JsonValueKind.True) return true;
            if (value.ValueKind is not (JsonValueKind.False or JsonValueKind.Undefined)) reader.Error($"{path}.{field}", "must be true or false.");
            return false;
        }
        var birthday = reader.OptionalNumber(benefits, path, "birthdayPoints", 0, 1_000_000, whole: true, out var birthdayOk) ?? 0;
        var result = new TierBenefits(Flag("freeShipping"), Flag("priorityService"), Flag("earlyAccess"), (long)birthday);
        return birthdayOk ? result : null;
    }

    private static string ReadDefault()
    {
        using var stream = typeof(ProgramDefinition).Assembly.GetManifestResourceStream("program/default-program.json")
            ?? throw new InvalidOperationException("The default program is not embedded.");
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }

    /// <summary>Reads fields of a JSON document, noting every problem with its path instead of stopping at the first.</summary>
    private sealed class Reader
    {
        public List<(string Path, string Message)> Errors { get; } = [];

        public void Error(string path, string message) => Errors.Add((path, message));

        public T? Object<T>(JsonElement element, string path, IReadOnlyList<string> fields, Func<JsonElement, T?> read) where T : class
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, element.ValueKind == JsonValueKind.Undefined ? "is required." : "must be a JSON object.");
                return null;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (NameOf(property) is not { } name) Error(path, "has a field name that is not valid text.");
                else if (!fields.Contains(name)) Error($"{path}.{name}", $"is not a field here; the fields are: {string.Join(", ", fields)}.");
            }
            return read(element);
        }

        public string? Text(JsonElement owner, string path, string field, int min, int max)
        {
            var text = StorableString(owner.GetPropertyOrDefault(field), max);
            if (text is null || text.Trim().Length < min)
            {
                Error($"{path}.{field}", $"is required: a text of {min} to {max} characters that can be stored (no control characters, valid Unicode).");
                return null;
            }
            return text.Trim();
        }

        public decimal? Number(JsonElement owner, string path, string field, decimal min, decimal max, string? fullPath = null, bool whole = false)
        {
            var value = owner.GetPropertyOrDefault(field);
            var at = fullPath ?? $"{path}.{field}";
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < min || number > max || (whole && number != decimal.Truncate(number)))
            {
                Error(at, $"is required: {(whole ? "a whole number" : "a number")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }
            return number;
        }

        /// <summary>
        /// An array of objects, each read with its path and the items read before it (for uniqueness): [] when absent, null when
        /// not an array. An item with errors is left out; its errors are noted, so the definition as a whole is refused.
        /// </summary>
        public IReadOnlyList<T>? Objects<T>(JsonElement array, string path, string what, IReadOnlyList<string> fields, Func<JsonElement, string, IReadOnlyList<T>, T?> read)
            where T : class
        {
            if (array.ValueKind == JsonValueKind.Undefined) return [];
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"must be an array of {what} ([] for none).");
                return null;
            }
            var items = new List<T>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var at = $"{path}[{index++}]";
                if (Object(element, at, fields, e => read(e, at, items)) is { } item) items.Add(item);
            }
            return items;
        }

        /// <summary>An id of the program's own (lower-case letters, digits, '_' or '-'), unique among <paramref name="taken"/>; null when invalid (noted).</summary>
        public string? Id(JsonElement owner, string path, IEnumerable<string> taken, string what)
        {
            var id = Text(owner, path, "id", 1, 64);
            if (id is not null && !CampaignId.IsMatch(id)) Error(path + ".id", "must be lower-case letters, digits, '_' or '-'.");
            if (id is not null && taken.Contains(id)) Error(path + ".id", $"is the id of another {what}.");
            return id;
        }

        /// <summary>An optional number: null when absent; <paramref name="valid"/> is false when present but wrong (the error is noted).</summary>
        public decimal? OptionalNumber(JsonElement owner, string path, string field, decimal min, decimal max, bool whole, out bool valid)
        {
            valid = true;
            if (owner.GetPropertyOrDefault(field).ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
            var number = Number(owner, path, field, min, max, whole: whole);
            valid = number is not null;
            return number;
        }

        public DateTimeOffset? Timestamp(JsonElement owner, string path, string field)
        {
            var text = StorableString(owner.GetPropertyOrDefault(field), 40);
            if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !text.Contains('T', StringComparison.Ordinal)
                || !(text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > text.IndexOf('T', StringComparison.Ordinal)))
            {
                Error($"{path}.{field}", "is required: an ISO 8601 time with its offset, e.g. 2026-11-27T00:00:00Z.");
                return null;
            }
            return at;
        }

        /// <summary>An object of name to multiplier (0.1 to 10); null when it is wrong (errors noted), empty when optional and absent.</summary>
        public IReadOnlyDictionary<string, decimal>? Multipliers(JsonElement owner, string path, string field, bool required, string what)
        {
            var map = owner.GetPropertyOrDefault(field);
            var at = $"{path}.{field}";
            if (map.ValueKind == JsonValueKind.Undefined && !required) return new Dictionary<string, decimal>();
            if (map.ValueKind != JsonValueKind.Object)
            {
                Error(at, $"is required: an object of {what} to multiplier ({{}} for none).");
                return null;
            }
            var multipliers = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var valid = true;
            foreach (var entry in map.EnumerateObject())
            {
                var name = NameOf(entry);
                if (string.IsNullOrWhiteSpace(name) || StorableText.Problem(name, 64) is not null)
                {
                    Error(at, $"a {what} name is 1 to 64 characters that can be stored.");
                    valid = false;
                    continue;
                }
                if (Number(map, at, name, 0.1m, 10m, $"{at}['{name}']") is { } multiplier) multipliers[name] = multiplier;
                else valid = false;
            }
            return valid ? multipliers : null;
        }

        /// <summary>An object of name to percent (0.01 to 50); null when it is wrong (errors noted), empty when absent.</summary>
        public IReadOnlyDictionary<string, decimal>? Percents(JsonElement owner, string path, string field, string what)
        {
            var map = owner.GetPropertyOrDefault(field);
            var at = $"{path}.{field}";
            if (map.ValueKind == JsonValueKind.Undefined) return new Dictionary<string, decimal>();
            if (map.ValueKind != JsonValueKind.Object)
            {
                Error(at, $"must be an object of {what} to percent ({{}} for none).");
                return null;
            }
            var percents = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var valid = true;
            foreach (var entry in map.EnumerateObject())
            {
                if (NameOf(entry) is not { } name || StorableText.Problem(name, 64) is not null)
                {
                    Error(at, $"a {what} name is 1 to 64 characters that can be stored.");
                    valid = false;
                    continue;
                }
                if (Number(map, at, name, 0.01m, 50m, $"{at}['{name}']") is { } percent) percents[name] = percent;
                else valid = false;
            }
            return valid ? percents : null;
        }

        /// <summary>A property's name, or null when it is not valid text (an unpaired surrogate escape).</summary>
        public static string? NameOf(JsonProperty property)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The string, or null when it is not one, is too long, or holds what cannot be stored (lone surrogates, NUL, controls).</summary>
        public static string? StorableString(JsonElement value, int max)
        {
            if (value.ValueKind != JsonValueKind.String) return null;
            try
            {
                var text = value.GetString()!;
                return StorableText.Problem(text, max) is null ? text : null;
            }
            catch (InvalidOperationException)
            {
                // Invalid UTF-8 or an unpaired surrogate escape: not text.
                return null;
            }
        }

        public IReadOnlyList<string>? Names(JsonElement array, string path)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error(path, "is required: an array of category names ([] for none).");
                return null;
            }
            var names = new List<string>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var name = StorableString(item, 64);
                if (string.IsNullOrWhiteSpace(name)) Error($"{path}[{index}]", "must be a category name of 1 to 64 characters that can be stored.");
                else if (names.Contains(name)) Error($"{path}[{index}]", "is listed twice.");
                else names.Add(name);
                index++;
            }
            return names;
        }
    }
}

internal static class JsonElementExtensions
{
    /// <summary>The property's value, or default when absent; a sibling whose name is not valid text is passed over (the reader reports it).</summary>
    public static JsonElement GetPropertyOrDefault(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return default;
        try
        {
            return element.TryGetProperty(name, out var value) ? value : default;
        }
        catch (InvalidOperationException)
        {
            foreach (var property in element.EnumerateObject())
            {
                try
                {
                    if (property.NameEquals(name)) return property.Value;
                }
                catch (InvalidOperationException)
                {
                    // This sibling's name is an unpaired surrogate escape: not the one asked for.
                }
            }
            return default;
        }
    }
}
