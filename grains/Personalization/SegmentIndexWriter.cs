using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Keeps the segment index current off the purchase path: member grains hand over their latest stage and
/// RFM cell, and every <see cref="FlushInterval"/> all changes since the last flush go to PostgreSQL in one
/// statement (the latest value per member wins). The index is a projection of the ledger, not the record:
/// a flush lost to a crash is corrected by the member's next event.
/// </summary>
public sealed class SegmentIndexWriter : IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (string Stage, string RfmCell)> pending = new(StringComparer.Ordinal);
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<SegmentIndexWriter> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task flushing;

    public SegmentIndexWriter(NpgsqlDataSource dataSource, ILogger<SegmentIndexWriter> logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        flushing = Task.Run(FlushPeriodically);
    }

    public void Record(string memberId, string stage, string rfmCell) => pending[memberId] = (stage, rfmCell);

    /// <summary>Writes everything handed over so far; the timer calls it, and disposal once more at shutdown.</summary>
    private async Task Flush()
    {
        var batch = pending.Keys.Select(id => pending.TryRemove(id, out var segment) ? (Id: id, Segment: segment) : default)
            .Where(entry => entry.Id is not null).ToList();
        if (batch.Count == 0) return;
        try
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO member_segments (member_id, stage, rfm_cell)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
                ON CONFLICT (member_id) DO UPDATE SET stage = excluded.stage, rfm_cell = excluded.rfm_cell, updated_at = now()
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Segment.Stage).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Segment.RfmCell).ToArray() });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Put them back unless a member has moved on since; the next flush tries again.
            foreach (var (id, segment) in batch) pending.TryAdd(id, segment);
            logger.LogWarning(e, "Segment index flush of {Count} members failed; retrying", batch.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await flushing;
        await Flush();
        stopping.Dispose();
    }

    private async Task FlushPeriodically()
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                await Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: DisposeAsync flushes what is left.
        }
    }
}
