using System.Security.Claims;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>Turns ledger requests into commands, or says precisely what is wrong with them.</summary>
public static class LedgerValidation
{
    public const long MaxPoints = 10_000_000;
    public const decimal MaxQuantity = 1_000_000m;
    private const int QuantityDecimals = 3;
    private const int MaxLines = 500;
    private const int MaxCodeLength = 64;
    private const int MaxReasonLength = 200;

    public static readonly IReadOnlyList<string> Channels = PurchaseChannels.All;

    public static RecordPurchaseCommand? Validate(PurchaseRequest request, ClaimsPrincipal caller, PurchasePolicy policy, DateTimeOffset now, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        var amount = errors.Money(request.Amount, "amount", required: true);
        var discount = errors.Money(request.Discount, "discount", required: false) ?? 0m;
        var currency = request.Currency?.ToUpperInvariant();
        if (currency is null || !policy.Accepts(currency))
        {
            errors.Add("currency", $"must be a currency the program accepts: {string.Join(", ", policy.Currencies)}.");
        }
        if (request.OccurredAt is not { } occurredAt)
        {
            errors.Add("occurredAt", "is required: when the purchase happened, with a time zone offset.");
        }
        else if (policy.DateProblem(occurredAt, now) is { } dateProblem)
        {
            errors.Add("occurredAt", dateProblem);
        }
        var channel = Channel(request.Channel, caller, errors);
        var storeId = errors.Text(request.StoreId, "storeId", MaxCodeLength, required: false);
        var lines = Lines(request.Lines, errors);
        if (amount is { } paid && lines is { Count: > 0 })
        {
            Reconcile(paid, discount, lines, errors);
        }
        return errors.Any ? null : new RecordPurchaseCommand(
            request.IdempotencyKey!, amount!.Value, currency!, request.OccurredAt!.Value, channel!, storeId, lines!, discount);
    }

    public static RedeemPointsCommand? Validate(RedemptionRequest request, ClaimsPrincipal caller, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        if (request.Points is not (> 0 and <= MaxPoints))
        {
            errors.Add("points", $"must be a whole number from 1 to {MaxPoints}.");
        }
        var reason = errors.Text(request.Reason, "reason", MaxReasonLength, required: true);
        var channel = Channel(request.Channel, caller, errors);
        return errors.Any ? null : new RedeemPointsCommand(request.IdempotencyKey!, request.Points!.Value, reason!, channel!);
    }

    public static AdjustPointsCommand? Validate(AdjustmentRequest request, ClaimsPrincipal caller, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        // Compared without Math.Abs, which overflows for long.MinValue.
        if (request.Points is not { } points || points == 0 || points < -MaxPoints || points > MaxPoints)
        {
            errors.Add("points", $"must be a non-zero whole number between -{MaxPoints} and {MaxPoints}.");
        }
        var reason = errors.Text(request.Reason, "reason", MaxReasonLength, required: true);
        return errors.Any ? null : new AdjustPointsCommand(request.IdempotencyKey!, request.Points!.Value, reason!, caller.Identity!.Name!);
    }

    public static RecordReturnCommand? Validate(ReturnRequest request, ClaimsPrincipal caller, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        var original = errors.Text(request.OriginalIdempotencyKey, "originalIdempotencyKey", MaxCodeLength, required: true);
        var channel = Channel(request.Channel, caller, errors);
        var lines = new List<ReturnLine>();
        if (request.Lines is { Count: > 0 } requested)
        {
            if (request.Amount is not null) errors.Add("amount", "give either lines or a plain amount, not both.");
            if (requested.Count > MaxLines) errors.Add("lines", $"at most {MaxLines} lines are accepted.");
            for (var i = 0; i < requested.Count && i < MaxLines; i++)
            {
                if (requested[i] is not { } line)
                {
                    errors.Add($"lines[{i}]", "must be a line object, not null.");
                    continue;
                }
                var sku = errors.Text(line.Sku, $"lines[{i}].sku", MaxCodeLength, required: true);
                var quantity = Quantity(line.Quantity, $"lines[{i}].quantity", errors);
                var amount = errors.Money(line.Amount, $"lines[{i}].amount", required: true);
                if (sku is not null && quantity is not null && amount is not null) lines.Add(new ReturnLine(sku, quantity.Value, amount.Value));
            }
        }
        else
        {
            var amount = errors.Money(request.Amount, "amount", required: false);
            if (request.Amount is null) errors.Add("amount", "is required when there are no lines: the amount refunded.");
            else if (amount is 0) errors.Add("amount", "must be more than 0.");
        }
        return errors.Any ? null : new RecordReturnCommand(request.IdempotencyKey!, original!, lines, lines.Count > 0 ? null : request.Amount, channel!);
    }

    /// <summary>The basket lines, checked one by one; null when any is invalid (each problem is recorded).</summary>
    private static List<PurchaseLine>? Lines(IReadOnlyList<PurchaseLineRequest?>? requested, ValidationErrors errors)
    {
        if (requested is null) return [];
        if (requested.Count > MaxLines)
        {
            errors.Add("lines", $"at most {MaxLines} lines are accepted.");
            return null;
        }
        var lines = new List<PurchaseLine>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is not { } line)
            {
                errors.Add($"lines[{i}]", "must be a line object, not null.");
                continue;
            }
            var sku = errors.Text(line.Sku, $"lines[{i}].sku", MaxCodeLength, required: true);
            var category = errors.Text(line.Category, $"lines[{i}].category", MaxCodeLength, required: false);
            var quantity = Quantity(line.Quantity, $"lines[{i}].quantity", errors);
            var amount = errors.Money(line.Amount, $"lines[{i}].amount", required: true);
            if (sku is not null && quantity is not null && amount is not null)
            {
                lines.Add(new PurchaseLine(sku, category, quantity.Value, amount.Value));
            }
        }
        return lines.Count == requested.Count ? lines : null;
    }

    private static decimal? Quantity(decimal? value, string field, ValidationErrors errors)
    {
        if (value is not { } quantity || quantity <= 0 || quantity > MaxQuantity || decimal.Round(quantity, QuantityDecimals) != quantity)
        {
            errors.Add(field, $"must be greater than 0 and at most {MaxQuantity}, with at most {QuantityDecimals} decimal places.");
            return null;
        }
        return quantity;
    }

    /// <summary>
    /// Lines are totals before the basket discount, so they add up to amount + discount, give or take
    /// half a cent of rounding per line. A basket that does not add up is refused with its lines named.
    /// </summary>
    private static void Reconcile(decimal amount, decimal discount, List<PurchaseLine> lines, ValidationErrors errors)
    {
        var linesTotal = lines.Sum(line => line.Amount);
        var tolerance = 0.005m * lines.Count;
        if (Math.Abs(linesTotal - (amount + discount)) <= tolerance) return;
        var names = string.Join(", ", lines.Select((_, i) => $"lines[{i}]"));
        errors.Add("lines", $"{names} add up to {linesTotal}, but amount + discount is {amount + discount}: line amounts are the totals before the basket discount.");
    }

    /// <summary>The touchpoint a command came through; when not given, the channel of the caller's role.</summary>
    internal static string? Channel(string? requested, ClaimsPrincipal caller, ValidationErrors errors)
    {
        if (requested is null)
        {
            return caller.IsInRole(Roles.Pos) ? "pos" : caller.IsInRole(Roles.App) ? "app" : "backoffice";
        }
        if (!Channels.Contains(requested))
        {
            errors.Add("channel", $"must be one of: {string.Join(", ", Channels)}.");
            return null;
        }
        return requested;
    }
}
