using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace OrleansLoyalty.Gateway.Problems;

/// <summary>
/// Every error the API returns, as RFC 7807 problem details. The <c>type</c> is a stable URI reference
/// (<c>/problems/&lt;slug&gt;</c>) that clients may switch on; title and detail are for people.
/// </summary>
public static class Problem
{
    public const string TypeBase = "/problems/";

    public static ProblemHttpResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "unauthorized", "Not authenticated", detail);

    public static ProblemHttpResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", detail);

    /// <summary>Echoes the id only when it has the shape of one: junk from the URL is not repeated back.</summary>
    public static ProblemHttpResult MemberNotFound(string memberId) =>
        Of(StatusCodes.Status404NotFound, "member-not-found", "Member not found",
            GrainInterfaces.Members.MemberId.IsWellFormed(memberId) ? $"No member has the id '{memberId}'." : "No member has this id: member ids are 'm' and 32 hexadecimal digits.");

    public static ProblemHttpResult IdentifierNotFound(string type) =>
        Of(StatusCodes.Status404NotFound, "member-not-found", "Member not found", $"No member has this {type}.");

    public static ProblemHttpResult IdentifierTaken(string type) =>
        Of(StatusCodes.Status409Conflict, "identifier-taken", "Identifier already in use", $"This {type} already belongs to another member.");

    /// <summary>Linking what another member owns: nothing of that member is revealed, and only an operator's merge joins the two.</summary>
    public static ProblemHttpResult IdentifierTakenOnLink(string type) =>
        Of(StatusCodes.Status409Conflict, "identifier-taken", "Identifier already in use",
            $"This {type} already belongs to another member. If both are the same person, an administrator can merge the two members.");

    public static ProblemHttpResult IdentifierNotLinked(string type) =>
        Of(StatusCodes.Status404NotFound, "identifier-not-linked", "Identifier not linked", $"The member has no such {type}.");

    public static ProblemHttpResult LastStrongIdentifier(string type) =>
        Of(StatusCodes.Status409Conflict, "last-strong-identifier", "Last strong identifier",
            $"This {type} is the member's last e-mail, phone or loyalty number; link another one before removing it.");

    /// <summary>The member was merged into another: the caller should use the survivor from now on.</summary>
    public static ProblemHttpResult MemberMerged(string memberId, string survivorId) =>
        Of(StatusCodes.Status409Conflict, "member-merged", "Member merged",
            $"Member {memberId} was merged into member {survivorId}; use {survivorId}.",
            new Dictionary<string, object?> { ["memberId"] = memberId, ["survivorId"] = survivorId });

    public static ProblemHttpResult AbsorbedMergedElsewhere(string memberId, string survivorId) =>
        Of(StatusCodes.Status409Conflict, "member-merged", "Member merged",
            $"Member {memberId} was already merged into member {survivorId}; merge {survivorId} if that is meant.",
            new Dictionary<string, object?> { ["memberId"] = memberId, ["survivorId"] = survivorId });

    public static ProblemHttpResult MergeInProgress() =>
        Of(StatusCodes.Status409Conflict, "merge-in-progress", "Merge in progress",
            "One of these members takes part in another merge that has not finished; retry in a few seconds.");

    public static ProblemHttpResult MergeCancelled() =>
        Of(StatusCodes.Status409Conflict, "merge-cancelled", "Merge rolled back",
            "This merge was rolled back before it moved anything; nothing changed. Send it again with a new idempotency key.");

    public static ProblemHttpResult MergeNotFound(string absorbedId, string survivorId) =>
        Of(StatusCodes.Status404NotFound, "merge-not-found", "Merge not found",
            GrainInterfaces.Members.MemberId.IsWellFormed(absorbedId) && GrainInterfaces.Members.MemberId.IsWellFormed(survivorId)
                ? $"Member {absorbedId} is not merged into member {survivorId}."
                : "No such merge: member ids are 'm' and 32 hexadecimal digits.");

    public static ProblemHttpResult UndoBlocked(string? mergeId, string? survivorId) =>
        Of(StatusCodes.Status409Conflict, "merge-undo-blocked", "A later merge depends on this one",
            $"The survivor was merged again later (merge {mergeId}, into member {survivorId}); undo that merge first.",
            new Dictionary<string, object?> { ["blockingMergeId"] = mergeId, ["blockingSurvivorId"] = survivorId });

    public static ProblemHttpResult IdempotencyKeyReused(string key) =>
        Of(StatusCodes.Status409Conflict, "idempotency-key-reused", "Idempotency key reused",
            $"The idempotency key '{key}' was already used for a different request; use a new key for a new request.");

    public static ProblemHttpResult InsufficientPoints(long requested, long available) =>
        Of(StatusCodes.Status409Conflict, "insufficient-points", "Insufficient points",
            $"{requested} points were requested but only {available} are available.");

    public static ProblemHttpResult PurchaseNotFound(string originalKey) =>
        Of(StatusCodes.Status404NotFound, "purchase-not-found", "Purchase not found",
            $"The member has no purchase recorded with the idempotency key '{originalKey}'.");

    public static ProblemHttpResult OverReturn(string detail) =>
        Of(StatusCodes.Status409Conflict, "over-return", "More returned than bought", $"Nothing was returned: {detail}");

    public static ProblemHttpResult RewardNotFound(string rewardId) =>
        Of(StatusCodes.Status404NotFound, "reward-not-found", "Reward not found", $"The program has no reward '{rewardId}'.");

    /// <summary>A reward the member may not have now; <paramref name="type"/> says why (tier-required, out-of-stock, reward-limit-reached, insufficient-points).</summary>
    public static ProblemHttpResult RewardRefused(string type, string detail) => Of(StatusCodes.Status409Conflict, type, "Reward not available", $"Nothing was redeemed: {detail}");

    public static ProblemHttpResult CodeNotFound() =>
        Of(StatusCodes.Status404NotFound, "code-not-found", "Code not found", "No reward code with this value was issued.");

    public static ProblemHttpResult CodeRefused(string type, string detail) => Of(StatusCodes.Status409Conflict, type, "Code not usable", detail);

    public static ProblemHttpResult MalformedRequest(int status, string detail) => Of(status, "malformed-request", "Malformed request", detail);

    /// <summary>Input that passed validation but the ledger's store refused: nothing was written, and the same request will be refused again.</summary>
    public static ProblemHttpResult Unstorable() => Of(StatusCodes.Status400BadRequest, "unstorable-input", "Input cannot be stored",
        "The request holds data the ledger cannot store (for example characters that are not text); nothing was changed.");

    /// <summary>The outcome of a write is not known, or its member cannot be read now: retrying with the same idempotency key is safe.</summary>
    public static ProblemHttpResult RetryLater() =>
        Unavailable("The member service could not complete the request now; retry with the same idempotency key.");

    public static ProblemHttpResult Unavailable(string detail) => Of(StatusCodes.Status503ServiceUnavailable, "unavailable", "Temporarily unavailable", detail);

    public static ProblemHttpResult Unexpected() =>
        Of(StatusCodes.Status500InternalServerError, "unexpected", "Unexpected error", "The request failed unexpectedly; it is safe to retry with the same idempotency key.");

    /// <summary>The problem for a status the framework set without a body: no such route, a method the route does not take.</summary>
    public static ProblemHttpResult ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Of(status, "not-found", "Not found", "No endpoint has this path; see /openapi/v1.json."),
        StatusCodes.Status405MethodNotAllowed => Of(status, "method-not-allowed", "Method not allowed", "This endpoint does not take this HTTP method; see /openapi/v1.json."),
        _ => Of(status, "status-" + status, ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error", "The request could not be served."),
    };

    public static ProblemHttpResult Of(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + slug);

    /// <summary>A problem with extension members: machine-readable facts behind the detail.</summary>
    public static ProblemHttpResult Of(int status, string slug, string title, string detail, IDictionary<string, object?> extensions) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + slug, extensions: extensions);
}
