using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Consent;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Consent;

namespace OrleansLoyalty.Gateway.Consent;

/// <summary>Consent per channel and purpose, with its full history; nothing is granted unless recorded (the conservative default).</summary>
public static class ConsentApi
{
    private const int MaxPolicyVersionLength = 64;
    // One change per channel and purpose (5 × 4).
    private const int MaxChanges = 20;

    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var consents = memberGroup.MapGroup("/consents").WithTags("Consent");
        consents.MapGet("", Get).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Every channel and purpose with its status, when, by whom and under which policy version (never recorded: denied).");
        consents.MapGet("/history", History).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Every recorded change, newest first.");
        consents.MapPut("", Change).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Record consent changes; a change to the status a consent already has records nothing.");
        return app;
    }

    private static async Task<Results<Ok<ConsentsResponse>, ProblemHttpResult>> Get(string memberId, IGrainFactory grains, IdentifierResolver members) =>
        await members.CardOf(memberId) is not { } card
            ? Problem.MemberNotFound(memberId)
            : TypedResults.Ok(ConsentsResponse.From(card.MemberId, await grains.GetGrain<IConsentGrain>(card.MemberId).GetConsents(), recorded: null));

    private static async Task<Results<Ok<ConsentHistoryResponse>, ProblemHttpResult>> History(string memberId, IGrainFactory grains, IdentifierResolver members) =>
        await members.CardOf(memberId) is not { } card
            ? Problem.MemberNotFound(memberId)
            : TypedResults.Ok(new ConsentHistoryResponse(card.MemberId,
                [.. (await grains.GetGrain<IConsentGrain>(card.MemberId).GetHistory()).Select(c => new ConsentChangeResponse(c.Channel, c.Purpose, c.Status, c.ChangedAt, c.Source, c.PolicyVersion))]));

    private static async Task<Results<Ok<ConsentsResponse>, ValidationProblem, ProblemHttpResult>> Change(
        string memberId, ConsentChangeBody request, ClaimsPrincipal caller, IGrainFactory grains, IdentifierResolver members)
    {
        var errors = new ValidationErrors();
        var changes = Validate(request, errors);
        var policyVersion = errors.Text(request.PolicyVersion, "policyVersion", MaxPolicyVersionLength, required: false);
        if (errors.Any) return errors.ToProblem();
        // The member is asked first, so a consent is never recorded for an id nobody holds, and a merged id reaches the survivor.
        if (await members.CardOf(memberId) is not { } card) return Problem.MemberNotFound(memberId);

        var result = await grains.GetGrain<IConsentGrain>(card.MemberId).Change(new ChangeConsentsCommand(changes!, policyVersion, caller.Identity!.Name!));
        return result.Available ? TypedResults.Ok(ConsentsResponse.From(card.MemberId, result.Consents, result.Recorded)) : Problem.RetryLater();
    }

    private static List<ConsentChangeRequest>? Validate(ConsentChangeBody request, ValidationErrors errors)
    {
        if (request.Consents is not { Count: > 0 } requested)
        {
            errors.Add("consents", "is required: at least one {channel, purpose, status}.");
            return null;
        }
        if (requested.Count > MaxChanges) errors.Add("consents", $"at most {MaxChanges} changes per request (one per channel and purpose).");
        var changes = new List<ConsentChangeRequest>();
        for (var i = 0; i < requested.Count && i < MaxChanges; i++)
        {
            if (requested[i] is not { } change)
            {
                errors.Add($"consents[{i}]", "must be a {channel, purpose, status} object, not null.");
                continue;
            }
            var valid = true;
            if (!ConsentScopes.Channels.Contains(change.Channel ?? ""))
            {
                errors.Add($"consents[{i}].channel", $"must be one of: {string.Join(", ", ConsentScopes.Channels)}.");
                valid = false;
            }
            if (!ConsentScopes.Purposes.Contains(change.Purpose ?? ""))
            {
                errors.Add($"consents[{i}].purpose", $"must be one of: {string.Join(", ", ConsentScopes.Purposes)}.");
                valid = false;
            }
            if (!ConsentScopes.Statuses.Contains(change.Status ?? ""))
            {
                errors.Add($"consents[{i}].status", $"must be one of: {string.Join(", ", ConsentScopes.Statuses)}.");
                valid = false;
            }
            if (!valid) continue;
            if (changes.Any(c => c.Channel == change.Channel && c.Purpose == change.Purpose))
            {
                errors.Add($"consents[{i}]", $"names {change.Channel}/{change.Purpose} a second time.");
                continue;
            }
            changes.Add(new ConsentChangeRequest(change.Channel!, change.Purpose!, change.Status!));
        }
        return changes;
    }
}

public sealed record ConsentChangeBody(IReadOnlyList<ConsentItemRequest?>? Consents, string? PolicyVersion);

public sealed record ConsentItemRequest(string? Channel, string? Purpose, string? Status);

/// <param name="Recorded">How many changes the PUT recorded (null for a GET); a change to the status a consent already has is not one.</param>
public sealed record ConsentsResponse(string MemberId, IReadOnlyList<ConsentResponse> Consents, int? Recorded)
{
    public static ConsentsResponse From(string memberId, IReadOnlyList<ConsentView> consents, int? recorded) =>
        new(memberId, [.. consents.Select(c => new ConsentResponse(c.Channel, c.Purpose, c.Status, c.ChangedAt, c.Source, c.PolicyVersion))], recorded);
}

/// <param name="ChangedAt">Null when never recorded: the default, denied.</param>
/// <param name="Source">Who recorded it (the touchpoint's API key), or <c>default</c>.</param>
public sealed record ConsentResponse(string Channel, string Purpose, string Status, DateTimeOffset? ChangedAt, string Source, string? PolicyVersion);

public sealed record ConsentChangeResponse(string Channel, string Purpose, string Status, DateTimeOffset ChangedAt, string Source, string? PolicyVersion);

public sealed record ConsentHistoryResponse(string MemberId, IReadOnlyList<ConsentChangeResponse> Changes);
