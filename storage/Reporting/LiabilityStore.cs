using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.GrainInterfaces.Partners;
using OrleansLoyalty.GrainInterfaces.Reporting;

namespace OrleansLoyalty.Storage.Reporting;

/// <summary>A movement of points into or out of the liability, once per feed position; <see cref="PartnerId"/> names the partner that posted it.</summary>
public sealed record LiabilityMovement(long Position, DateTimeOffset RecordedAt, string Kind, long Points, string? PartnerId = null);

/// <summary>The liability projection (migration 0114): written by the change-feed consumer, read by the report.</summary>
public sealed class LiabilityStore(NpgsqlDataSource dataSource)
{
    /// <summary>Replaces the members' rows with their current liability (null: merged away, nothing of its own) in one transaction.</summary>
    public async Task Replace(IReadOnlyList<(string MemberId, MemberLiability? Liability)> members, CancellationToken cancellationToken = default)
    {
        if (members.Count == 0) return;
        var held = members.Where(m => m.Liability is not null).ToList();
        var lots = held.SelectMany(m => m.Liability!.Lots.Select(l => (m.MemberId, Lot: l))).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM liability_lots WHERE member_id = ANY($1)") { Parameters = { new() { Value = members.Select(m => m.MemberId).ToArray() } } },
                new NpgsqlBatchCommand("DELETE FROM liability_members WHERE member_id = ANY($1)") { Parameters = { new() { Value = members.Select(m => m.MemberId).ToArray() } } },
                new NpgsqlBatchCommand("""
                    INSERT INTO liability_members (member_id, tier, below_zero, debt) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
                    """)
                {
                    Parameters =
                    {
                        new() { Value = held.Select(m => m.MemberId).ToArray() },
                        new() { Value = held.Select(m => m.Liability!.Tier).ToArray() },
                        new() { Value = held.Select(m => m.Liability!.BelowZero).ToArray() },
                        new() { Value = held.Select(m => m.Liability!.Debt).ToArray() },
                    },
                },
                new NpgsqlBatchCommand("""
                    INSERT INTO liability_lots (member_id, expires_month, available, pending) SELECT * FROM unnest($1::text[], $2::date[], $3::bigint[], $4::bigint[])
                    """)
                {
                    Parameters =
                    {
                        new() { Value = lots.Select(l => l.MemberId).ToArray() },
                        new() { Value = lots.Select(l => (object?)l.Lot.ExpiresMonth ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                        new() { Value = lots.Select(l => l.Lot.Available).ToArray() },
                        new() { Value = lots.Select(l => l.Lot.Pending).ToArray() },
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records movements once per feed position: a replayed batch adds nothing.</summary>
    public async Task Record(IReadOnlyList<LiabilityMovement> movements, CancellationToken cancellationToken = default)
    {
        if (movements.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO liability_movements (position, recorded_at, kind, points, partner_id)
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[])
            ON CONFLICT (position) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = movements.Select(m => m.Position).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = movements.Select(m => m.RecordedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = movements.Select(m => m.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = movements.Select(m => m.Points).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = movements.Select(m => (object?)m.PartnerId ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What <paramref name="partnerId"/> issued and took in the period, from the movements (by when they were recorded).</summary>
    public async Task<PartnerSettlement> PartnerSettlement(string partnerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT kind, sum(points)::bigint, count(*)::int FROM liability_movements
            WHERE partner_id = $1 AND recorded_at >= $2 AND recorded_at < $3 GROUP BY kind
            """);
        command.Parameters.AddWithValue(partnerId);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        var sums = new Dictionary<string, (long Points, int Count)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) sums[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2));
        var issued = sums.GetValueOrDefault(LiabilityMovementKinds.Issued);
        var redeemed = sums.GetValueOrDefault(LiabilityMovementKinds.Redeemed);
        return new PartnerSettlement(partnerId, issued.Points, issued.Count, redeemed.Points, redeemed.Count);
    }

    public async Task<LiabilityReport> Report(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for all three reads, so the totals and the buckets agree.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        LiabilityTotals totals;
        await using (var command = new NpgsqlCommand("""
            SELECT coalesce((SELECT sum(available) FROM liability_lots), 0)::bigint, coalesce((SELECT sum(pending) FROM liability_lots), 0)::bigint,
                   coalesce(sum(below_zero), 0)::bigint, coalesce(sum(debt), 0)::bigint, count(*)::int
            FROM liability_members
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            totals = new LiabilityTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
        }
        var buckets = new List<LiabilityBucket>();
        await using (var command = new NpgsqlCommand("""
            SELECT l.expires_month, m.tier, sum(l.available)::bigint, sum(l.pending)::bigint
            FROM liability_lots l JOIN liability_members m USING (member_id)
            GROUP BY l.expires_month, m.tier
            ORDER BY l.expires_month NULLS LAST, m.tier
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                buckets.Add(new LiabilityBucket(reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        var sums = new Dictionary<string, long>();
        await using (var command = new NpgsqlCommand(
            "SELECT kind, sum(points)::bigint FROM liability_movements WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY kind", connection, transaction))
        {
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) sums[reader.GetString(0)] = reader.GetInt64(1);
        }
        await transaction.CommitAsync(cancellationToken);
        return new LiabilityReport(totals, buckets, new LiabilityMovements(
            from, to,
            sums.GetValueOrDefault(LiabilityMovementKinds.Issued), sums.GetValueOrDefault(LiabilityMovementKinds.Redeemed),
            sums.GetValueOrDefault(LiabilityMovementKinds.Expired), sums.GetValueOrDefault(LiabilityMovementKinds.ClawedBack),
            sums.GetValueOrDefault(LiabilityMovementKinds.Adjusted)));
    }
}
