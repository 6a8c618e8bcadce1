using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Storage.Schema;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.LoadTests.Activation;

/// <summary>
/// The <c>activation</c> verb: how long a member's account takes to load (what an activation does) with 20
/// and with 20,000 ledger events, from a snapshot plus its tail and from the whole stream, on a real
/// PostgreSQL. Members are written straight into the event store of the given database (migrated first).
/// </summary>
public static class ActivationBenchCommand
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || args[0] is "--help" or "-h")
        {
            Console.Error.WriteLine("usage: activation <npgsql connection string> [--loads N] [--tail N]");
            return 2;
        }
        var connectionString = args[0];
        var loads = Option(args, "--loads", 30);
        var tail = Option(args, "--tail", 50);
        await LoyaltyDatabase.MigrateAsync(connectionString, NullLoggerFactory.Instance);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new MemberEventStore(dataSource);

        Console.WriteLine($"| events | snapshot + tail: median (p90) | whole stream: median (p90) |");
        Console.WriteLine($"|---|---|---|");
        foreach (var events in new[] { 20, 20_000 })
        {
            var memberId = "m" + Guid.NewGuid().ToString("N");
            await Write(store, memberId, events, snapshotAt: Math.Max(0, events - tail));
            var fromSnapshot = await Time(loads, () => store.Load(memberId));
            var fromStart = await Time(loads, () => store.LoadFromStart(memberId));
            Console.WriteLine($"| {events:N0} | {fromSnapshot.Median:F2} ms ({fromSnapshot.P90:F2}) | {fromStart.Median:F2} ms ({fromStart.P90:F2}) |");
        }
        return 0;
    }

    /// <summary>An enrolment and purchases, appended in transactions of 1,000; the snapshot the grain would have written at <paramref name="snapshotAt"/>.</summary>
    private static async Task Write(MemberEventStore store, string memberId, int events, int snapshotAt)
    {
        var stream = new List<MemberEvent>
        {
            new MemberEnrolled(T0, "123456789015", [new Identifier(IdentifierType.Email, $"{memberId}@bench.invalid")], new MemberProfile("Bench", null, null, null), null, "enrol"),
        };
        for (var i = 1; i < events; i++)
        {
            var at = T0.AddMinutes(i);
            stream.Add(new PointsEarned(at, $"buy-{i}", $"fp-{i}", 12, 12.50m, "EUR", at, "pos", "s-1")
            {
                Items = [new PurchasedItem("A1", "shoes", 1, 12.50m)],
            });
        }
        var folded = new MemberAccount();
        foreach (var chunk in stream.Chunk(1_000))
        {
            if (!await store.TryAppend(memberId, folded.Version, chunk)) throw new InvalidOperationException("append refused");
            foreach (var @event in chunk)
            {
                folded.Apply(@event);
                if (folded.Version == snapshotAt) await store.SaveSnapshot(memberId, folded.ToSnapshot());
            }
        }
    }

    private static async Task<(double Median, double P90)> Time(int loads, Func<Task<MemberAccount>> load)
    {
        for (var i = 0; i < 3; i++) await load();
        var timings = new List<double>(loads);
        for (var i = 0; i < loads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await load();
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        timings.Sort();
        return (timings[timings.Count / 2], timings[(int)(timings.Count * 0.9)]);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
