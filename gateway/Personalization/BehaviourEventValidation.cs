using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Gateway.Personalization;

/// <summary>Checks a behavioural event strictly: every field its type carries, and none it does not.</summary>
public static class BehaviourEventValidation
{
    /// <summary>As a purchase line's SKU and category, so browsing and buying name products alike.</summary>
    private const int MaxCodeLength = 64;
    private const int MaxQueryLength = 200;

    public static RecordBehaviourEventCommand? Validate(BehaviourEventRequest request, PurchasePolicy policy, DateTimeOffset now, ValidationErrors errors)
    {
        var identifier = Identifier(request.Identifier, errors);
        var type = request.Type;
        if (!BehaviourEventType.IsKnown(type))
        {
            errors.Add("type", $"must be one of: {string.Join(", ", BehaviourEventType.All)}.");
        }
        // Dated like a purchase: not before the program started, not ahead of the server's clock beyond the skew allowed.
        if (request.OccurredAt is { } occurredAt && policy.DateProblem(occurredAt, now) is { } dateProblem)
        {
            errors.Add("occurredAt", dateProblem);
        }
        string? sku = null, category = null, query = null;
        if (BehaviourEventType.IsKnown(type))
        {
            sku = Field(request.Sku, "sku", MaxCodeLength, BehaviourEventType.NamesProduct(type!), required: true, type!, errors);
            category = Field(request.Category, "category", MaxCodeLength, BehaviourEventType.NamesProduct(type!), required: false, type!, errors);
            query = Field(request.Query, "query", MaxQueryLength, BehaviourEventType.CarriesQuery(type!), required: true, type!, errors);
        }
        if (request.IdempotencyKey is not null)
        {
            errors.IdempotencyKey(request.IdempotencyKey);
        }
        return errors.Any ? null : new RecordBehaviourEventCommand(identifier!, type!, request.OccurredAt, sku, category, query, request.IdempotencyKey);
    }

    private static IdentifierValue? Identifier(IdentifierRequest? requested, ValidationErrors errors)
    {
        if (requested is null)
        {
            errors.Add("identifier", $"is required: the {string.Join(" or ", IdentifierType.Devices)} the event came from.");
            return null;
        }
        if (!IdentifierType.Devices.Contains(requested.Type))
        {
            errors.Add("identifier.type", $"must be {string.Join(" or ", IdentifierType.Devices)}: behavioural events come from an app install or a browser.");
            return null;
        }
        if (!EnrolmentValidation.TryNormalize(requested.Type, requested.Value, out var identifier, out var error))
        {
            errors.Add("identifier.value", error);
            return null;
        }
        return identifier;
    }

    /// <summary>A text field events of <paramref name="type"/> carry when <paramref name="carried"/>, else one they must leave out.</summary>
    private static string? Field(string? value, string field, int maxLength, bool carried, bool required, string type, ValidationErrors errors)
    {
        if (carried) return errors.Text(value, field, maxLength, required);
        if (value is not null) errors.Add(field, $"does not apply to {type} events; leave it out.");
        return null;
    }
}
