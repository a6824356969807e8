namespace GoMem.Storage.Monitoring;

/// <summary>
/// The retention statements both engines share (written once with <c>@name</c> parameters; the SQLite engine binds
/// them as <c>$name</c>), and the merge of consumed rows into rollups. Each statement touches at most <c>@limit</c>
/// rows, oldest first, through the (target, time) indexes.
/// </summary>
internal static class RetentionSql
{
    public const string DeleteSnapshots = """
        DELETE FROM profile_snapshots WHERE id IN (
            SELECT id FROM profile_snapshots WHERE target_id = @target AND time_unix_ms < @before ORDER BY time_unix_ms, id LIMIT @limit);
        """;

    /// <summary>
    /// Every snapshot but the first of its kind and bucket, among those from @from to @to: the window starts at the
    /// bucket of @from, so a bucket cut by @from keeps its first snapshot wherever it lies.
    /// </summary>
    public const string ThinSnapshots = """
        DELETE FROM profile_snapshots WHERE id IN (
            SELECT id FROM (
                SELECT id, time_unix_ms, row_number() OVER (PARTITION BY kind, time_unix_ms / @bucket ORDER BY time_unix_ms, id) AS nth
                FROM profile_snapshots WHERE target_id = @target AND time_unix_ms >= @scan AND time_unix_ms < @to) AS ranked
            WHERE nth > 1 AND time_unix_ms >= @from LIMIT @limit);
        """;

    public const string CountDeleted = """
        INSERT INTO profile_part_collection (target_id, snapshots_deleted) VALUES (@target, @deleted)
        ON CONFLICT (target_id) DO UPDATE SET snapshots_deleted = profile_part_collection.snapshots_deleted + excluded.snapshots_deleted;
        """;

    public const string ProfileGarbage = """
        SELECT COALESCE((SELECT snapshots_deleted FROM profile_part_collection WHERE target_id = @target), 0),
            (SELECT count(*) FROM profile_snapshots WHERE target_id = @target);
        """;

    public const string DeletedCount = "SELECT COALESCE((SELECT snapshots_deleted FROM profile_part_collection WHERE target_id = @target), 0);";

    public const string SubtractDeleted = """
        UPDATE profile_part_collection SET snapshots_deleted = CASE WHEN snapshots_deleted > @collected THEN snapshots_deleted - @collected ELSE 0 END
        WHERE target_id = @target;
        """;

    public const string DeleteSamples = """
        DELETE FROM runtime_samples WHERE id IN (
            SELECT id FROM runtime_samples WHERE target_id = @target AND time_unix_ms < @before ORDER BY time_unix_ms, id LIMIT @limit);
        """;

    public static readonly string TakeSamples = DeleteSamples.TrimEnd().TrimEnd(';') + " RETURNING " + MonitoringRows.RuntimeColumns + ";";

    /// <summary>Rollups whose span ends by @before: @last_bucket is @before minus the resolution, so the key's index finds them.</summary>
    public const string DeleteRollups = """
        DELETE FROM runtime_rollups WHERE target_id = @target AND resolution_ms = @resolution AND bucket_unix_ms IN (
            SELECT bucket_unix_ms FROM runtime_rollups WHERE target_id = @target AND resolution_ms = @resolution AND bucket_unix_ms <= @last_bucket
            ORDER BY bucket_unix_ms LIMIT @limit);
        """;

    public static readonly string TakeRollups = DeleteRollups.TrimEnd().TrimEnd(';') + " RETURNING " + RollupColumns.List + ";";

    public static readonly string ReadRollups =
        $"SELECT {RollupColumns.List} FROM runtime_rollups WHERE target_id = @target AND resolution_ms = @resolution AND bucket_unix_ms BETWEEN @first AND @last;";

    public static readonly string WriteRollup =
        $"INSERT INTO runtime_rollups ({RollupColumns.List}) VALUES ({string.Join(", ", RollupColumns.Names.Select((_, i) => "@c" + i))}) " +
        $"ON CONFLICT ({RollupColumns.Key}) DO UPDATE SET {RollupColumns.ReplaceAll};";

    public static readonly string RollupsBetween = $"""
        SELECT {RollupColumns.List} FROM runtime_rollups
        WHERE target_id = @target AND bucket_unix_ms <= @to AND bucket_unix_ms + resolution_ms > @from ORDER BY bucket_unix_ms, resolution_ms;
        """;

    public const string DeleteEvents = """
        DELETE FROM target_events WHERE id IN (
            SELECT id FROM target_events WHERE target_id = @target AND time_unix_ms < @before ORDER BY time_unix_ms, id LIMIT @limit);
        """;

    public const string DeleteResolvedFindings = """
        DELETE FROM findings WHERE id IN (
            SELECT id FROM findings WHERE target_id = @target AND resolved_unix_ms < @before ORDER BY resolved_unix_ms, id LIMIT @limit);
        """;

    public static string Table(PartTable table) => table switch
    {
        PartTable.Stacks => "profile_stacks",
        PartTable.Locations => "profile_locations",
        PartTable.Functions => "profile_functions",
        PartTable.Mappings => "profile_mappings",
        PartTable.Strings => "profile_strings",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    /// <summary>The string columns of mappings or functions.</summary>
    public static string StringColumns(PartTable table) => table switch
    {
        PartTable.Mappings => "file_id, build_id_id",
        PartTable.Functions => "name_id, system_name_id, filename_id",
        _ => throw new ArgumentOutOfRangeException(nameof(table), "only mappings and functions use strings"),
    };

    /// <summary>A span's start: the time rounded down to a multiple of the resolution since the epoch.</summary>
    public static long Bucket(long unixMs, long resolutionMs) => unixMs - (((unixMs % resolutionMs) + resolutionMs) % resolutionMs);

    /// <summary>
    /// The rollups that consumed samples and finer rollups make, merged with what the store has for the same spans
    /// (<paramref name="stored"/> is asked once, for the spans from the first to the last bucket touched).
    /// </summary>
    public static List<RuntimeRollup> Merge(
        TimeSpan resolution,
        IReadOnlyList<RuntimeSample> samples,
        IReadOnlyList<RuntimeRollup> finer,
        Func<long, long, IReadOnlyList<RuntimeRollup>> stored)
    {
        var resolutionMs = (long)resolution.TotalMilliseconds;
        var builders = new SortedDictionary<long, RuntimeRollupBuilder>();
        RuntimeRollupBuilder Builder(long unixMs)
        {
            var bucket = Bucket(unixMs, resolutionMs);
            if (!builders.TryGetValue(bucket, out var builder))
            {
                builders[bucket] = builder = new RuntimeRollupBuilder(DateTimeOffset.FromUnixTimeMilliseconds(bucket), resolution);
            }

            return builder;
        }

        foreach (var sample in samples)
        {
            Builder(sample.Time.ToUnixTimeMilliseconds()).Add(sample);
        }

        foreach (var rollup in finer)
        {
            Builder(rollup.Time.ToUnixTimeMilliseconds()).Add(rollup);
        }

        if (builders.Count == 0)
        {
            return [];
        }

        foreach (var existing in stored(builders.Keys.First(), builders.Keys.Last()))
        {
            if (builders.TryGetValue(existing.Time.ToUnixTimeMilliseconds(), out var builder))
            {
                builder.Add(existing);
            }
        }

        return [.. builders.Values.Select(b => b.Build())];
    }

    /// <summary>Checks a rollup step's resolutions: a positive whole number of milliseconds, the finer one dividing the coarser.</summary>
    public static void CheckResolutions(TimeSpan? source, TimeSpan resolution)
    {
        if (resolution.Ticks <= 0 || resolution.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "a rollup resolution is a positive whole number of milliseconds");
        }

        if (source is { } finer && (finer.Ticks <= 0 || finer >= resolution || resolution.Ticks % finer.Ticks != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, $"rollups of {finer} do not divide into rollups of {resolution}");
        }
    }
}
