using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;

namespace OrleansLoyalty.Gateway.Prediction;

public sealed record FitRequest(DateOnly? AsOf);

/// <summary>A member's insights; x, tx and T (in weeks) named as in the BG/NBD literature.</summary>
public sealed record InsightsResponse(
    DateOnly AsOf,
    int ModelVersion,
    double? PAlive,
    double? ExpectedPurchases90d,
    double? ExpectedSpendPerPurchase,
    double? PredictedClv,
    string? ChurnRisk,
    int? X,
    double? Tx,
    [property: JsonPropertyName("T")] double? T,
    string Explanation,
    string Stage,
    RfmView Rfm);

/// <summary>The CLV models (fit, current version) and each member's predicted future.</summary>
public static class PredictionApi
{
    public static IEndpointRouteBuilder MapPredictionApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models/clv").WithTags("Prediction").AllowRoles(Roles.Admin);
        models.MapPost("/fit", Fit)
            .WithSummary("Fit BG/NBD and Gamma-Gamma on the ledger's purchases up to asOf (default today) and make it the current model.");
        models.MapGet("/", GetCurrent).WithSummary("The current CLV model version and its parameters.");
        app.MapGroup("/v1/members/{memberId}").WithTags("Prediction")
            .MapGet("/insights", GetInsights).AllowRoles(Roles.Admin)
            .WithSummary("P(alive), expected purchases in 90 days, predicted CLV and churn risk at asOf (default today), with an explanation.");
        return app;
    }

    private static async Task<Results<Ok<ClvModelView>, ValidationProblem, ProblemHttpResult>> Fit(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] FitRequest? request, IGrainFactory grains, TimeProvider time)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var asOf = request?.AsOf ?? today;
        if (asOf > today)
        {
            var errors = new ValidationErrors();
            errors.Add("asOf", "lies in the future: a model can only be fitted on purchases that happened.");
            return errors.ToProblem();
        }
        var result = await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).Fit(asOf);
        return result.Model is { } model
            ? TypedResults.Ok(model)
            : Problem.Of(StatusCodes.Status409Conflict, "not-enough-data", "Not enough data to fit", result.Failure!);
    }

    private static async Task<Results<Ok<ClvModelView>, ProblemHttpResult>> GetCurrent(IGrainFactory grains) =>
        await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).GetCurrent() is { } model
            ? TypedResults.Ok(model)
            : ModelNotFitted(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<InsightsResponse>, ProblemHttpResult>> GetInsights(string memberId, DateOnly? asOf, IGrainFactory grains)
    {
        if (await grains.GetGrain<IClvModelGrain>(IClvModelGrain.Key).GetCurrent() is null) return ModelNotFitted(StatusCodes.Status409Conflict);
        return await grains.FindMember(memberId, member => member.GetInsights(asOf)) is { } i
            ? TypedResults.Ok(new InsightsResponse(i.AsOf, i.ModelVersion, i.PAlive, i.ExpectedPurchases90d, i.ExpectedSpendPerPurchase,
                i.PredictedClv, i.ChurnRisk, i.X, i.Tx, i.T, i.Explanation, i.Stage, i.Rfm))
            : Problem.MemberNotFound(memberId);
    }

    private static ProblemHttpResult ModelNotFitted(int status) =>
        Problem.Of(status, "model-not-fitted", "No CLV model yet", "No CLV model has been fitted yet: POST /v1/models/clv/fit first.");
}
