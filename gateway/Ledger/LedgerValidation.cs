using System.Security.Claims;
using System.Text.RegularExpressions;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>Turns ledger requests into commands, or says precisely what is wrong with them.</summary>
public static partial class LedgerValidation
{
    public const decimal MaxPurchaseAmount = 1_000_000m;
    public const long MaxPoints = 10_000_000;
    private const int MaxLines = 500;

    // A terminal's clock may run a little ahead; anything further in the future is a bug upstream.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static readonly IReadOnlyList<string> Channels = ["pos", "app", "web", "kiosk", "call-center", "partner", "agent", "import", "backoffice"];

    public static RecordPurchaseCommand? Validate(PurchaseRequest request, ClaimsPrincipal caller, DateTimeOffset now, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        if (request.Amount is not { } amount)
        {
            errors.Add("amount", "is required.");
        }
        else if (amount is < 0 or > MaxPurchaseAmount)
        {
            errors.Add("amount", $"must be between 0 and {MaxPurchaseAmount}.");
        }
        if (request.Currency is null || !CurrencyPattern().IsMatch(request.Currency))
        {
            errors.Add("currency", "must be an ISO 4217 code of three letters, e.g. EUR.");
        }
        if (request.OccurredAt is not { } occurredAt)
        {
            errors.Add("occurredAt", "is required: when the purchase happened, with a time zone offset.");
        }
        else if (occurredAt > now + AllowedClockSkew)
        {
            errors.Add("occurredAt", "lies in the future.");
        }
        if (request.Discount is < 0 || request.Discount > MaxPurchaseAmount)
        {
            errors.Add("discount", $"must be between 0 and {MaxPurchaseAmount}: the money taken off the basket.");
        }
        var channel = Channel(request.Channel, caller, errors);
        errors.Text(request.StoreId, "storeId", 64, required: false);
        var lines = request.Lines ?? [];
        if (lines.Count > MaxLines)
        {
            errors.Add("lines", $"at most {MaxLines} lines are accepted.");
        }
        for (var i = 0; i < Math.Min(lines.Count, MaxLines); i++)
        {
            errors.Text(lines[i].Sku, $"lines[{i}].sku", 64, required: true);
            errors.Text(lines[i].Category, $"lines[{i}].category", 64, required: false);
            if (lines[i].Quantity is not > 0) errors.Add($"lines[{i}].quantity", "must be greater than 0.");
            if (lines[i].Amount is not (>= 0 and <= MaxPurchaseAmount)) errors.Add($"lines[{i}].amount", $"must be between 0 and {MaxPurchaseAmount}.");
        }
        return errors.Any ? null : new RecordPurchaseCommand(
            request.IdempotencyKey!,
            request.Amount!.Value,
            request.Currency!.ToUpperInvariant(),
            request.OccurredAt!.Value,
            channel!,
            request.StoreId,
            [.. lines.Select(l => new PurchaseLine(l.Sku!, l.Category, l.Quantity!.Value, l.Amount!.Value))],
            request.Discount ?? 0);
    }

    public static RedeemPointsCommand? Validate(RedemptionRequest request, ClaimsPrincipal caller, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        if (request.Points is not (> 0 and <= MaxPoints))
        {
            errors.Add("points", $"must be a whole number from 1 to {MaxPoints}.");
        }
        errors.Text(request.Reason, "reason", 200, required: true);
        var channel = Channel(request.Channel, caller, errors);
        return errors.Any ? null : new RedeemPointsCommand(request.IdempotencyKey!, request.Points!.Value, request.Reason!.Trim(), channel!);
    }

    public static AdjustPointsCommand? Validate(AdjustmentRequest request, ClaimsPrincipal caller, ValidationErrors errors)
    {
        errors.IdempotencyKey(request.IdempotencyKey);
        if (request.Points is not { } points || points == 0 || Math.Abs(points) > MaxPoints)
        {
            errors.Add("points", $"must be a non-zero whole number between -{MaxPoints} and {MaxPoints}.");
        }
        errors.Text(request.Reason, "reason", 200, required: true);
        return errors.Any ? null : new AdjustPointsCommand(request.IdempotencyKey!, request.Points!.Value, request.Reason!.Trim(), caller.Identity!.Name!);
    }

    /// <summary>The touchpoint a command came through; when not given, the channel of the caller's role.</summary>
    private static string? Channel(string? requested, ClaimsPrincipal caller, ValidationErrors errors)
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

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();
}
