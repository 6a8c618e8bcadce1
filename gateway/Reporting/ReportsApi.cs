using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Reporting;

namespace OrleansLoyalty.Gateway.Reporting;

/// <summary>Finance reports, from projections of the change feed (no member grain is asked).</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/v1/reports").WithTags("Reporting").AllowRoles(Roles.Admin);
        reports.MapGet("/liability", Liability)
            .WithSummary("Outstanding points by expiry month and tier, and the points issued, redeemed, expired and clawed back from `from` to `to` "
                + "(dates, UTC, both included; default the last 30 days) with the observed breakage rate.");
        return app;
    }

    private static async Task<Results<Ok<LiabilityReportResponse>, ValidationProblem>> Liability(DateOnly? from, DateOnly? to, IGrainFactory grains, TimeProvider time)
    {
        var errors = new ValidationErrors();
        if (ReportPeriod.From(from, to, time, errors) is not { } period) return errors.ToProblem();
        return TypedResults.Ok(LiabilityReportResponse.From(await grains.GetGrain<ILiabilityReportGrain>(0).Report(period.Start, period.End), period.First, period.Last));
    }
}

/// <param name="Outstanding">What members hold now; <c>total</c> is available plus pending, less what is below zero and owed.</param>
/// <param name="ByExpiryMonth">Outstanding points by the month they expire in (null: never) and the holder's tier.</param>
public sealed record LiabilityReportResponse(OutstandingPointsResponse Outstanding, IReadOnlyList<LiabilityBucketResponse> ByExpiryMonth, IReadOnlyList<TierLiabilityResponse> ByTier, PointsMovementsResponse Period)
{
    public static LiabilityReportResponse From(LiabilityReport report, DateOnly from, DateOnly to)
    {
        var o = report.Outstanding;
        var p = report.Period;
        return new(
            new OutstandingPointsResponse(o.Available, o.Pending, o.BelowZero, o.Debt, o.Available + o.Pending - o.BelowZero - o.Debt, o.Members),
            [.. report.ByExpiryMonthAndTier.Select(b => new LiabilityBucketResponse(b.ExpiresMonth?.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), b.Tier, b.Available, b.Pending))],
            [.. report.ByExpiryMonthAndTier.GroupBy(b => b.Tier).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TierLiabilityResponse(g.Key, g.Sum(b => b.Available), g.Sum(b => b.Pending)))],
            new PointsMovementsResponse(from, to, p.Issued, p.Redeemed, p.Expired, p.ClawedBack, p.Adjusted,
                p.Expired + p.Redeemed == 0 ? null : Math.Round((decimal)p.Expired / (p.Expired + p.Redeemed), 4)));
    }
}

public sealed record OutstandingPointsResponse(long Available, long Pending, long BelowZero, long Debt, long Total, int Members);

/// <param name="ExpiresMonth">The month (yyyy-MM, UTC) the points expire in; null when they never do.</param>
public sealed record LiabilityBucketResponse(string? ExpiresMonth, string Tier, long Available, long Pending);

public sealed record TierLiabilityResponse(string Tier, long Available, long Pending);

/// <param name="Adjusted">Net staff corrections (signed).</param>
/// <param name="BreakageRate">Expired over expired plus redeemed in the period; null when neither happened.</param>
public sealed record PointsMovementsResponse(DateOnly From, DateOnly To, long Issued, long Redeemed, long Expired, long ClawedBack, long Adjusted, decimal? BreakageRate);
