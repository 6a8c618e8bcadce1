using Npgsql;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Storage.Personalization;

/// <summary>
/// The segment index in PostgreSQL: written by the change-feed consumer (<see cref="SegmentIndexConsumer"/>) and
/// members' scheduled re-evaluations, read by segment queries. <c>updated_at</c> is when the entry was last evaluated.
/// </summary>
public sealed class SegmentStore(NpgsqlDataSource dataSource)
{
    /// <summary>Writes the members' current segments in one statement; an entry that did not change is still marked evaluated.</summary>
    public async Task Upsert(IReadOnlyList<(string MemberId, MemberSegment Segment)> segments, CancellationToken cancellationToken = default)
    {
        if (segments.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO member_segments (member_id, stage, rfm_cell)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
            ON CONFLICT (member_id) DO UPDATE SET stage = excluded.stage, rfm_cell = excluded.rfm_cell, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = segments.Select(s => s.MemberId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = segments.Select(s => s.Segment.Stage).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = segments.Select(s => s.Segment.RfmCell).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the entries of members that are no longer in any segment of their own (merged into another member).</summary>
    public async Task Remove(IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        if (memberIds.Count == 0) return;
        await using var command = dataSource.CreateCommand("DELETE FROM member_segments WHERE member_id = ANY($1)");
        command.Parameters.AddWithValue(memberIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentCount>> Count()
    {
        await using var command = dataSource.CreateCommand(
            "SELECT stage, rfm_cell, count(*)::int FROM member_segments GROUP BY stage, rfm_cell ORDER BY stage, rfm_cell");
        var counts = new List<SegmentCount>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts.Add(new SegmentCount(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        return counts;
    }

    /// <summary>Members of a stage and/or cell in id order, a page at a time (keyset paging: stable under writes).</summary>
    public async Task<SegmentMembersPage> Members(string? stage, string? rfmCell, string? after, int limit)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT member_id FROM member_segments
            WHERE ($1::text IS NULL OR stage = $1) AND ($2::text IS NULL OR rfm_cell = $2) AND ($3::text IS NULL OR member_id > $3)
            ORDER BY member_id
            LIMIT $4
            """);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)stage ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)rfmCell ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue(limit + 1);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        var more = ids.Count > limit;
        if (more) ids.RemoveAt(limit);
        return new SegmentMembersPage(ids, more ? ids[^1] : null);
    }
}
