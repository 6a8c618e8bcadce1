using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Gateway.Personalization;

public sealed record OfferCommandRequest(string? IdempotencyKey);

/// <summary>Shopping behaviour and personalised offers with their reasons; taking one up and using it are idempotent by key.</summary>
public static class OffersApi
{
    private const int MaxOfferIdLength = 200;

    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapGroup("").WithTags("Personalization")
            .MapGet("/behaviour", GetBehaviour).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Favourite categories, preferred weekday and hour, typical interval, price sensitivity, stage and RFM.");
        var offers = memberGroup.MapGroup("/offers").WithTags("Personalization");
        offers.MapGet("/", GetOffers).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("The member's personalised offers, each with its reasons in plain language.");
        offers.MapPost("/{offerId}/activation", Activate).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Take up an offer; the same idempotency key answers the same outcome again.");
        offers.MapPost("/{offerId}/redemption", Redeem).AllowRoles(Roles.Admin, Roles.App, Roles.Pos)
            .WithSummary("Use an activated offer, once; the same idempotency key answers the same outcome again.");
        return app;
    }

    private static async Task<Results<Ok<BehaviourResponse>, ProblemHttpResult>> GetBehaviour(string memberId, IGrainFactory grains) =>
        await grains.GetGrain<IMemberGrain>(memberId).GetBehaviour() is { } behaviour
            ? TypedResults.Ok(BehaviourResponse.From(behaviour))
            : Problem.MemberNotFound(memberId);

    private static async Task<Results<Ok<OffersResponse>, ProblemHttpResult>> GetOffers(string memberId, IGrainFactory grains) =>
        await grains.GetGrain<IMemberGrain>(memberId).GetOffers() is { } offers
            ? TypedResults.Ok(OffersResponse.From(offers))
            : Problem.MemberNotFound(memberId);

    private static Task<Results<Ok<OfferCommandResponse>, ValidationProblem, ProblemHttpResult>> Activate(
        string memberId, string offerId, OfferCommandRequest request, IGrainFactory grains) =>
        Send(memberId, offerId, request, (member, key) => member.ActivateOffer(offerId, key), grains);

    private static Task<Results<Ok<OfferCommandResponse>, ValidationProblem, ProblemHttpResult>> Redeem(
        string memberId, string offerId, OfferCommandRequest request, IGrainFactory grains) =>
        Send(memberId, offerId, request, (member, key) => member.RedeemOffer(offerId, key), grains);

    private static async Task<Results<Ok<OfferCommandResponse>, ValidationProblem, ProblemHttpResult>> Send(
        string memberId, string offerId, OfferCommandRequest request, Func<IMemberGrain, string, Task<OfferCommandResult>> command, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        if (errors.Any) return errors.ToProblem();
        // Offer ids are the planner's (e.g. "fav-category:shoes:2026-11"): junk cannot name one, so it never reaches the member.
        if (!ValidationErrors.IsVisibleAscii(offerId, MaxOfferIdLength)) return OfferNotFound(offerId);

        var result = await command(grains.GetGrain<IMemberGrain>(memberId), request.IdempotencyKey!);
        // The outcome names below are the HTTP contract, spelled out so renaming an enum member cannot change it.
        return (result.Outcome, result.Offer) switch
        {
            (OfferCommandOutcome.MemberNotFound, _) => Problem.MemberNotFound(memberId),
            (OfferCommandOutcome.Activated, { } offer) => Answer("activated", offer),
            (OfferCommandOutcome.AlreadyActive, { } offer) => Answer("already-active", offer),
            (OfferCommandOutcome.Redeemed, { } offer) => Answer("redeemed", offer),
            (OfferCommandOutcome.AlreadyRedeemed, _) => OfferNotAvailable(offerId, "already-redeemed"),
            (OfferCommandOutcome.NotActive, _) => OfferNotAvailable(offerId, "not-active"),
            (OfferCommandOutcome.NotYetValid, _) => OfferNotAvailable(offerId, "not-yet-valid"),
            (OfferCommandOutcome.Expired, _) => OfferNotAvailable(offerId, "expired"),
            (OfferCommandOutcome.UnknownOffer, _) => OfferNotFound(offerId),
            (OfferCommandOutcome.KeyConflict, _) => Problem.IdempotencyKeyReused(request.IdempotencyKey!),
            (OfferCommandOutcome.Rejected, _) => Problem.Unstorable(),
            // Unavailable, an answer without its offer, and any outcome a newer silo may add during a rolling upgrade: never a 500.
            _ => Problem.RetryLater(),
        };
    }

    private static Ok<OfferCommandResponse> Answer(string outcome, OfferView offer) => TypedResults.Ok(new OfferCommandResponse(outcome, OfferResponse.From(offer)));

    private static ProblemHttpResult OfferNotAvailable(string offerId, string outcome) =>
        Problem.Of(StatusCodes.Status409Conflict, "offer-" + outcome, "Offer not available",
            $"The offer '{offerId}' cannot be used now: {outcome.Replace('-', ' ')}.");

    private static ProblemHttpResult OfferNotFound(string offerId) => Problem.Of(StatusCodes.Status404NotFound, "offer-not-found", "Offer not found",
        ValidationErrors.IsVisibleAscii(offerId, MaxOfferIdLength) ? $"The member has no offer '{offerId}'." : "The member has no offer with this id.");
}
