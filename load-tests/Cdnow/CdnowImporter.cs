using System.Diagnostics;
using System.Net;
using OrleansLoyalty.LoadTests.Pos;

namespace OrleansLoyalty.LoadTests.Cdnow;

internal sealed record CdnowImportSummary(
    int Customers,
    int MembersCreated,
    int MembersExisting,
    int Transactions,
    long PurchasesApplied,
    long PurchasesReplayed,
    long PurchasesSkipped,
    long Errors,
    long Retries,
    TimeSpan Elapsed,
    IReadOnlyList<KeyValuePair<string, long>> ErrorReasons)
{
    public void Print(TextWriter output)
    {
        var posted = PurchasesApplied + PurchasesReplayed;
        output.WriteLine();
        output.WriteLine($"customers: {Customers:N0} ({MembersCreated:N0} members created, {MembersExisting:N0} already there)");
        output.WriteLine($"purchases: {PurchasesApplied:N0} applied, {PurchasesReplayed:N0} replayed, {PurchasesSkipped:N0} not sent, of {Transactions:N0} lines");
        output.WriteLine($"errors: {Errors:N0} (after {Retries:N0} retries of transient failures)");
        foreach (var (reason, count) in ErrorReasons.Take(10))
        {
            output.WriteLine($"  {count,8:N0}  {reason}");
        }

        output.WriteLine($"elapsed: {Elapsed.TotalSeconds:F1}s, {posted / Math.Max(Elapsed.TotalSeconds, 0.001):N0} purchases/s");
    }
}

/// <summary>
/// Sends the file's customers through the gateway, many customers at once but each customer's requests in
/// order: enrol, then its purchases line by line. Transient failures are retried with the same body and key.
/// </summary>
internal sealed class CdnowImporter(LoyaltyHttpClient http, string adminApiKey, string fileTag)
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    private readonly RunCounters _counters = new();
    private int _customersDone;
    private int _membersCreated;
    private int _membersExisting;
    private long _applied;
    private long _replayed;
    private long _skipped;
    private long _retries;

    public async Task<CdnowImportSummary> ImportAsync(IReadOnlyList<CdnowCustomer> customers, int concurrency)
    {
        var transactions = customers.Sum(customer => customer.Transactions.Count);
        var clock = Stopwatch.StartNew();
        using (StartProgressLine(customers.Count, transactions, clock))
        {
            await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (customer, _) =>
            {
                await ImportCustomerAsync(customer);
                Interlocked.Increment(ref _customersDone);
            });
        }

        return new CdnowImportSummary(
            customers.Count, _membersCreated, _membersExisting, transactions, _applied, _replayed, _skipped,
            _counters.Errors, _retries, clock.Elapsed, _counters.ErrorReasons());
    }

    private async Task ImportCustomerAsync(CdnowCustomer customer)
    {
        var enrolment = await PostAsync("/v1/members", LoyaltyHttpClient.Serialize(CdnowImportRequests.Enrolment(fileTag, customer.CustomerId)));
        var member = enrolment.IsSuccess ? enrolment.Read<EnrolmentResponse>() : null;
        Count("enrol", enrolment, member is null);
        if (member is null)
        {
            Interlocked.Add(ref _skipped, customer.Transactions.Count);
            return;
        }

        Interlocked.Increment(ref enrolment.Status == (int)HttpStatusCode.Created ? ref _membersCreated : ref _membersExisting);
        var path = $"/v1/members/{Uri.EscapeDataString(member.MemberId)}/purchases";
        for (var i = 0; i < customer.Transactions.Count; i++)
        {
            var exchange = await PostAsync(path, LoyaltyHttpClient.Serialize(CdnowImportRequests.Purchase(fileTag, customer.Transactions[i])));
            var purchase = exchange.IsSuccess ? exchange.Read<ImportPurchaseResponse>() : null;
            Count("purchase", exchange, purchase is null);
            if (purchase is null)
            {
                // Stop here so the customer's purchases still arrive in file order when a re-run fills the gap.
                Interlocked.Add(ref _skipped, customer.Transactions.Count - i - 1);
                return;
            }

            Interlocked.Increment(ref purchase.Replayed ? ref _replayed : ref _applied);
        }
    }

    /// <summary>Posts with retries on 5xx, timeouts and connection errors; the idempotency key makes a retry apply at most once.</summary>
    private async Task<ApiExchange> PostAsync(string path, byte[] body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var exchange = await http.SendAsync(HttpMethod.Post, path, adminApiKey, body);
            var transient = exchange.Failure is not null || exchange.Status >= 500;
            if (!transient || attempt == MaxAttempts)
            {
                return exchange;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(FirstBackoff * (1 << (attempt - 1)));
        }
    }

    private void Count(string operation, ApiExchange exchange, bool failed)
    {
        var error = !failed ? null
            : exchange.IsSuccess ? "unreadable response body"
            : exchange.Read<ProblemResponse>()?.Type is { } problem ? $"{exchange.Describe()} {problem}"
            : exchange.Describe();
        _counters.Count(operation, new OperationResult(exchange.LatencyMicros, error));
    }

    private ProgressLine StartProgressLine(int customers, int transactions, Stopwatch clock)
    {
        var (lastPosted, lastElapsed) = (0L, TimeSpan.Zero);
        return new ProgressLine(() =>
        {
            var (posted, elapsed) = (Interlocked.Read(ref _applied) + Interlocked.Read(ref _replayed), clock.Elapsed);
            var rate = (posted - lastPosted) / (elapsed - lastElapsed).TotalSeconds;
            (lastPosted, lastElapsed) = (posted, elapsed);
            return $"{elapsed.TotalSeconds,6:F1}s  customers {Volatile.Read(ref _customersDone):N0}/{customers:N0}  "
                + $"purchases {posted:N0}/{transactions:N0} ({Interlocked.Read(ref _replayed):N0} replayed)  "
                + $"errors {_counters.Errors:N0}  {rate:N0} purchases/s";
        });
    }
}
