using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Gateway.Personalization;

/// <summary>Behavioural events from apps and websites: a 202 means committed in PostgreSQL.</summary>
public static class BehaviourEventsApi
{
    public static IEndpointRouteBuilder MapBehaviourEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/events").WithTags("Personalization")
            .MapPost("", Record).AllowRoles(Roles.App, Roles.Web, Roles.Admin)
            .WithSummary("Record a behavioural event (product_view, add_to_cart, search, app_open) of an app device or web cookie: 202 once committed, "
                + "to the member it belongs to, or to its anonymous profile, which joins the member when the device enrols or is linked.");
        return app;
    }

    private static async Task<Results<Accepted<BehaviourEventResponse>, ValidationProblem, ProblemHttpResult>> Record(
        BehaviourEventRequest request, IGrainFactory grains, PurchasePolicy policy, TimeProvider time)
    {
        var errors = new ValidationErrors();
        if (BehaviourEventValidation.Validate(request, policy, time.GetUtcNow(), errors) is not { } command) return errors.ToProblem();

        // Whether the device belongs to a member is not said: a web key is readable by every visitor of the site.
        return await grains.GetGrain<IBehaviourEventsGrain>(0).Record(command) switch
        {
            BehaviourEventOutcome.Recorded => TypedResults.Accepted((string?)null, new BehaviourEventResponse(Replayed: false)),
            BehaviourEventOutcome.Replayed => TypedResults.Accepted((string?)null, new BehaviourEventResponse(Replayed: true)),
            BehaviourEventOutcome.KeyConflict => Problem.IdempotencyKeyReused(command.IdempotencyKey!),
            BehaviourEventOutcome.Rejected => Problem.Unstorable(),
            // Unavailable, and any outcome a newer silo may add during a rolling upgrade: never a 500.
            _ => Problem.RetryLater(),
        };
    }
}
