using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Profiles;
using Npgsql;
using NpgsqlTypes;

namespace GoMem.Storage.Monitoring;

/// <summary>The writes: every one runs in a cycle's transaction (the store's own write methods open one each).</summary>
public sealed partial class PostgresMonitoringStore
{
    /// <summary>One connection and its transaction, held from <see cref="BeginCycle"/> to commit or dispose.</summary>
    private sealed partial class Cycle(PostgresMonitoringStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) : IMonitoringCycle
    {
        private bool _finished;

        public NpgsqlConnection Connection => connection;

        public NpgsqlTransaction Transaction => transaction;

        public long UpsertTarget(string job, string instance, LabelSet labels)
        {
            ArgumentException.ThrowIfNullOrEmpty(job);
            ArgumentException.ThrowIfNullOrEmpty(instance);
            ArgumentNullException.ThrowIfNull(labels);
            return Write("add a target", """
                INSERT INTO targets (job, instance, labels_json) VALUES (@job, @instance, @labels)
                ON CONFLICT (job, instance) DO UPDATE SET labels_json = excluded.labels_json
                RETURNING id;
                """,
                p =>
                {
                    p.AddWithValue("job", job);
                    p.AddWithValue("instance", instance);
                    p.AddWithValue("labels", labels.ToCanonicalJson());
                },
                c => (long)c.ExecuteScalar()!);
        }

        public void RecordHealth(long targetId, DateTimeOffset attemptTime, string? error)
        {
            var updated = Write("record health", """
                UPDATE targets SET
                    health = CASE WHEN @error IS NULL THEN 'up' ELSE 'down' END,
                    last_error = COALESCE(@error, last_error),
                    last_success_unix_ms = CASE WHEN @error IS NULL THEN @time ELSE last_success_unix_ms END,
                    last_attempt_unix_ms = @time
                WHERE id = @id;
                """,
                p =>
                {
                    p.AddWithValue("id", targetId);
                    p.AddWithValue("time", attemptTime.ToUnixTimeMilliseconds());
                    p.Add(Parameter("error", NpgsqlDbType.Text, error));
                },
                c => c.ExecuteNonQuery());
            if (updated == 0)
            {
                throw UnknownTarget(targetId);
            }
        }

        public long AddRuntimeSample(long targetId, RuntimeSample sample)
        {
            ArgumentNullException.ThrowIfNull(sample);
            RequireTarget(targetId);
            return Write("add a runtime sample", $"""
                INSERT INTO runtime_samples (target_id, {RuntimeColumns})
                VALUES (@target, @time, @sources, @rss, @heap_alloc, @heap_inuse, @heap_idle, @heap_released, @heap_sys, @sys, @next_gc, @stack_inuse,
                    @goroutines, @num_gc, @total_alloc, @gc_cpu_fraction, @pause_p99, @gogc, @gomemlimit, @container_limit, @start_time, @pid,
                    @stack_sys, @heap_objects, @mspan_sys, @mcache_sys, @buck_hash_sys, @gc_sys, @other_sys, @heap_live, @pause_count, @pause_p50,
                    @pause_max, @size_classes)
                RETURNING id;
                """,
                p =>
                {
                    p.AddWithValue("target", targetId);
                    p.AddWithValue("time", sample.Time.ToUnixTimeMilliseconds());
                    p.AddWithValue("sources", (int)sample.Sources);
                    p.Add(Parameter("rss", sample.RssBytes));
                    p.Add(Parameter("heap_alloc", sample.HeapAllocBytes));
                    p.Add(Parameter("heap_inuse", sample.HeapInuseBytes));
                    p.Add(Parameter("heap_idle", sample.HeapIdleBytes));
                    p.Add(Parameter("heap_released", sample.HeapReleasedBytes));
                    p.Add(Parameter("heap_sys", sample.HeapSysBytes));
                    p.Add(Parameter("sys", sample.SysBytes));
                    p.Add(Parameter("next_gc", sample.NextGcBytes));
                    p.Add(Parameter("stack_inuse", sample.StackInuseBytes));
                    p.Add(Parameter("goroutines", sample.Goroutines));
                    p.Add(Parameter("num_gc", sample.NumGc));
                    p.Add(Parameter("total_alloc", sample.TotalAllocBytes));
                    p.Add(Parameter("gc_cpu_fraction", sample.GcCpuFraction));
                    p.Add(Parameter("pause_p99", sample.PauseP99Seconds));
                    p.Add(Parameter("gogc", sample.Gogc));
                    p.Add(Parameter("gomemlimit", sample.GomemlimitBytes));
                    p.Add(Parameter("container_limit", sample.ContainerLimitBytes));
                    p.Add(Parameter("start_time", sample.ProcessStartTimeSeconds));
                    p.Add(Parameter("pid", sample.Pid));
                    p.Add(Parameter("stack_sys", sample.StackSysBytes));
                    p.Add(Parameter("heap_objects", sample.HeapObjects));
                    p.Add(Parameter("mspan_sys", sample.MSpanSysBytes));
                    p.Add(Parameter("mcache_sys", sample.MCacheSysBytes));
                    p.Add(Parameter("buck_hash_sys", sample.BuckHashSysBytes));
                    p.Add(Parameter("gc_sys", sample.GcSysBytes));
                    p.Add(Parameter("other_sys", sample.OtherSysBytes));
                    p.Add(Parameter("heap_live", sample.HeapLiveBytes));
                    p.Add(Parameter("pause_count", sample.PauseCount));
                    p.Add(Parameter("pause_p50", sample.PauseP50Seconds));
                    p.Add(Parameter("pause_max", sample.PauseMaxSeconds));
                    p.Add(Parameter("size_classes", NpgsqlDbType.Bytea, sample.SizeClasses?.Encode()));
                },
                c => (long)c.ExecuteScalar()!);
        }

        public long AddEvent(long targetId, DateTimeOffset time, string kind, string detail)
        {
            ArgumentException.ThrowIfNullOrEmpty(kind);
            ArgumentNullException.ThrowIfNull(detail);
            RequireTarget(targetId);
            return Write("add an event", "INSERT INTO target_events (target_id, time_unix_ms, kind, detail) VALUES (@target, @time, @kind, @detail) RETURNING id;",
                p =>
                {
                    p.AddWithValue("target", targetId);
                    p.AddWithValue("time", time.ToUnixTimeMilliseconds());
                    p.AddWithValue("kind", kind);
                    p.AddWithValue("detail", detail);
                },
                c => (long)c.ExecuteScalar()!);
        }

        public long AddProfile(long targetId, string kind, DateTimeOffset time, Profile profile)
        {
            ArgumentException.ThrowIfNullOrEmpty(kind);
            ArgumentNullException.ThrowIfNull(profile);
            RequireTarget(targetId);
            ObjectDisposedException.ThrowIf(_finished, this);
            var encoded = store.Guarded("store profile parts", () =>
            {
                var parts = new PostgresProfileParts(connection, transaction, targetId, store.Source);
                parts.LockTarget();
                return ProfileSnapshotCodec.Encode(profile, parts);
            });
            return Write("add a profile snapshot", """
                INSERT INTO profile_snapshots (target_id, kind, time_unix_ms, sample_types_json, default_sample_type, period_type, period_unit, period,
                    duration_nanos, profile_time_nanos, comments_json, drop_frames, keep_frames, doc_url, sample_count, tables, samples)
                VALUES (@target, @kind, @time, @types, @default, @period_type, @period_unit, @period, @duration, @profile_time, @comments,
                    @drop, @keep, @doc, @count, @tables, @samples)
                RETURNING id;
                """,
                p =>
                {
                    p.AddWithValue("target", targetId);
                    p.AddWithValue("kind", kind);
                    p.AddWithValue("time", time.ToUnixTimeMilliseconds());
                    p.AddWithValue("types", encoded.SampleTypesJson);
                    p.AddWithValue("default", encoded.DefaultSampleType);
                    p.Add(Parameter("period_type", NpgsqlDbType.Text, encoded.PeriodType));
                    p.Add(Parameter("period_unit", NpgsqlDbType.Text, encoded.PeriodUnit));
                    p.AddWithValue("period", encoded.Period);
                    p.AddWithValue("duration", encoded.DurationNanos);
                    p.AddWithValue("profile_time", encoded.ProfileTimeNanos);
                    p.AddWithValue("comments", encoded.CommentsJson);
                    p.AddWithValue("drop", encoded.DropFrames);
                    p.AddWithValue("keep", encoded.KeepFrames);
                    p.AddWithValue("doc", encoded.DocUrl);
                    p.AddWithValue("count", encoded.SampleCount);
                    p.AddWithValue("tables", encoded.Tables);
                    p.AddWithValue("samples", encoded.Samples);
                },
                c => (long)c.ExecuteScalar()!);
        }

        public long UpsertFinding(MonitoringFinding finding)
        {
            ArgumentNullException.ThrowIfNull(finding);
            ArgumentException.ThrowIfNullOrEmpty(finding.Code);
            RequireTarget(finding.TargetId);
            return Write("upsert a finding", """
                INSERT INTO findings (target_id, code, finding_key, severity, title, detail, first_seen_unix_ms, last_seen_unix_ms, resolved_unix_ms)
                VALUES (@target, @code, @key, @severity, @title, @detail, @first, @last, @resolved)
                ON CONFLICT (target_id, code, finding_key) DO UPDATE SET
                    severity = excluded.severity, title = excluded.title, detail = excluded.detail,
                    first_seen_unix_ms = LEAST(findings.first_seen_unix_ms, excluded.first_seen_unix_ms),
                    last_seen_unix_ms = excluded.last_seen_unix_ms, resolved_unix_ms = excluded.resolved_unix_ms
                RETURNING id;
                """,
                p =>
                {
                    p.AddWithValue("target", finding.TargetId);
                    p.AddWithValue("code", finding.Code);
                    p.AddWithValue("key", finding.Key);
                    p.AddWithValue("severity", finding.Severity.Name());
                    p.AddWithValue("title", finding.Title);
                    p.AddWithValue("detail", finding.Detail);
                    p.AddWithValue("first", finding.FirstSeen.ToUnixTimeMilliseconds());
                    p.AddWithValue("last", finding.LastSeen.ToUnixTimeMilliseconds());
                    p.Add(Parameter("resolved", finding.ResolvedAt?.ToUnixTimeMilliseconds()));
                },
                c => (long)c.ExecuteScalar()!);
        }

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            try
            {
                store.Guarded("commit the cycle", () =>
                {
                    transaction.Commit();
                    return 0;
                });
            }
            finally
            {
                Finish();
            }
        }

        public void Dispose()
        {
            if (!_finished)
            {
                try
                {
                    // A broken connection has rolled back already (the server drops an open transaction with it).
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        transaction.Rollback();
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The connection broke while rolling back: the server rolls the transaction back itself.
                }
                finally
                {
                    Finish();
                }
            }
        }

        private void Finish()
        {
            _finished = true;
            transaction.Dispose();
            connection.Dispose();
            store._cycle = null;
        }

        private T Write<T>(string doing, string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlCommand, T> run)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            return store.Guarded(doing, () =>
            {
                using var command = new NpgsqlCommand(sql, connection, transaction);
                bind(command.Parameters);
                return run(command);
            });
        }

        private void RequireTarget(long targetId)
        {
            var found = Write("read a target", "SELECT 1 FROM targets WHERE id = @id;", p => p.AddWithValue("id", targetId), c => c.ExecuteScalar() is not null);
            if (!found)
            {
                throw UnknownTarget(targetId);
            }
        }

        private KeyNotFoundException UnknownTarget(long targetId) => new($"{store.Source}: no target with id {targetId}");

        private static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

        private static NpgsqlParameter Parameter(string name, long? value) => Parameter(name, NpgsqlDbType.Bigint, value);

        private static NpgsqlParameter Parameter(string name, double? value) =>
            Parameter(name, NpgsqlDbType.Double, value is { } v && !double.IsNaN(v) ? v : null);
    }
}
