using OrleansLoyalty.Gateway.Members;

namespace OrleansLoyalty.Gateway.Personalization;

/// <summary>
/// A behavioural event from an app install or a browser. A product view or add to cart names its product (<c>sku</c>,
/// optionally <c>category</c>), a search its <c>query</c>; an app open nothing more. With an idempotency key a retry is
/// recorded once.
/// </summary>
public sealed record BehaviourEventRequest(
    IdentifierRequest? Identifier,
    string? Type,
    DateTimeOffset? OccurredAt,
    string? Sku,
    string? Category,
    string? Query,
    string? IdempotencyKey);
