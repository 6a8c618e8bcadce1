using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Prediction;

namespace OrleansLoyalty.Gateway.Prediction;

public sealed record FitRequest(DateOnly? AsOf);

/// <summary>The CLV models (fit, current version) and each member's predicted future.</summary>
public static class PredictionApi
{
    public static IEndpointRouteBuilder MapPredictionApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var models = app.MapGroup("/v1/models/clv").WithTags("Prediction").AllowRoles(Roles.Admin);
        models.MapPost("/fit", Fit)
            .WithSummary("Fit BG/NBD and Gamma-Gamma on the ledger's purchases up to asOf (1970-01-01 to today, default today) and make it the current model; "
                + "a fit that cannot score every member is refused (409 fit-rejected) and the current model stays.");
        models.MapGet("/", GetCurrent).WithSummary("The current CLV model version and its parameters.");
        memberGroup.MapGroup("").WithTags("Prediction")
            .MapGet("/insights", GetInsights).AllowRoles(Roles.Admin)
            .WithSummary("P(alive), expected purchases in 90 days, predicted CLV and churn risk at asOf (1970-01-01 to today, default today), with an explanation.");
        return app;
    }

    /// <summary>
    /// The earliest <c>asOf</c> accepted: no loyalty ledger predates it, and an earlier date is a typo or an
    /// unset value such as 0001-01-01, whose day arithmetic (time zones, RFM windows) would leave the date range.
    /// </summary>
    public static readonly DateOnly EarliestAsOf = new(1970, 1, 1);

    private static async Task<Results<Ok<ClvModelResponse>, ValidationProblem, ProblemHttpResult>> Fit(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] FitRequest? request, IGrainFactory grains, TimeProvider time)
    {
        var today = Today(time);
        var asOf = request?.AsOf ?? today;
        var errors = new ValidationErrors();
        ValidateAsOf(asOf, today, "a model can only be fitted on purchases that happened", errors);
        if (errors.Any) return errors.ToProblem();
        var result = await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).Fit(asOf);
        return result switch
        {
            { Model: { } model } => TypedResults.Ok(ClvModelResponse.From(model)),
            { Refusal: { } refusal } => Refused(refusal),
            // Neither: a result this gateway cannot read (a newer silo in a rolling upgrade). Never a 500.
            _ => FitOutcomeUnknown(),
        };
    }

    private static async Task<Results<Ok<ClvModelResponse>, ProblemHttpResult>> GetCurrent(IGrainFactory grains) =>
        await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).GetCurrent() is { } model
            ? TypedResults.Ok(ClvModelResponse.From(model))
            : ModelNotFitted(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<InsightsResponse>, ValidationProblem, ProblemHttpResult>> GetInsights(
        string memberId, DateOnly? asOf, IGrainFactory grains, TimeProvider time)
    {
        if (asOf is { } day)
        {
            var errors = new ValidationErrors();
            ValidateAsOf(day, Today(time), "insights describe a member as of a day that has happened; their forecasts already look ahead from it", errors);
            if (errors.Any) return errors.ToProblem();
        }
        if (await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).GetCurrent() is null) return ModelNotFitted(StatusCodes.Status409Conflict);
        return await grains.GetGrain<IMemberGrain>(memberId).GetInsights(asOf) is { } insights
            ? TypedResults.Ok(InsightsResponse.From(insights))
            : Problem.MemberNotFound(memberId);
    }

    /// <summary><c>asOf</c> lies from <see cref="EarliestAsOf"/> to today (UTC); <paramref name="whyNotFuture"/> says why not later.</summary>
    private static void ValidateAsOf(DateOnly asOf, DateOnly today, string whyNotFuture, ValidationErrors errors)
    {
        if (asOf < EarliestAsOf)
        {
            errors.Add("asOf", $"must be on or after {EarliestAsOf:yyyy-MM-dd}: no ledger holds purchases before it.");
        }
        else if (asOf > today)
        {
            errors.Add("asOf", $"lies in the future (after {today:yyyy-MM-dd}, UTC): {whyNotFuture}.");
        }
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// A refused fit as a 409 whose extension members carry the population it saw and, for a rejected
    /// fit, the reasons and the refused estimates with their convergence: enough to see why without logs.
    /// </summary>
    private static ProblemHttpResult Refused(ClvFitRefusal refusal)
    {
        var facts = new Dictionary<string, object?>
        {
            ["customers"] = refusal.Customers,
            ["repeatCustomers"] = refusal.RepeatCustomers,
            ["spendCustomers"] = refusal.SpendCustomers,
        };
        switch (refusal)
        {
            case { Kind: ClvFitRefusalKind.NotEnoughData }:
                return Problem.Of(StatusCodes.Status409Conflict, "not-enough-data", "Not enough data to fit", refusal.Detail, facts);
            case { Kind: ClvFitRefusalKind.Rejected, Candidate: { } candidate }:
                facts["reasons"] = candidate.Defects;
                facts["bgnbd"] = BgNbdResponse.From(candidate.Bgnbd);
                facts["gammaGamma"] = GammaGammaResponse.From(candidate.GammaGamma);
                return Problem.Of(StatusCodes.Status409Conflict, "fit-rejected", "Fit rejected", refusal.Detail, facts);
            default:
                // A kind a newer silo may add during a rolling upgrade, or a rejection without its candidate: never a 500.
                return FitOutcomeUnknown();
        }
    }

    private static ProblemHttpResult FitOutcomeUnknown() =>
        Problem.Unavailable("The model service answered the fit in a way this gateway cannot read; retry later.");

    private static ProblemHttpResult ModelNotFitted(int status) =>
        Problem.Of(status, "model-not-fitted", "No CLV model yet", "No CLV model has been fitted yet: POST /v1/models/clv/fit first.");
}
