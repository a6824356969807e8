using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Profiles;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>The writes: every one runs in a cycle's transaction (the store's own write methods open one each).</summary>
public sealed partial class SqliteMonitoringStore
{
    /// <summary>One write transaction; the store's own write methods each run in one of these.</summary>
    private sealed partial class Cycle(SqliteMonitoringStore store, SqliteTransaction transaction) : IMonitoringCycle
    {
        private bool _finished;

        public SqliteTransaction Transaction => transaction;

        public long UpsertTarget(string job, string instance, LabelSet labels)
        {
            ArgumentException.ThrowIfNullOrEmpty(job);
            ArgumentException.ThrowIfNullOrEmpty(instance);
            ArgumentNullException.ThrowIfNull(labels);
            using var command = Command("""
                INSERT INTO targets (job, instance, labels_json) VALUES ($job, $instance, $labels)
                ON CONFLICT (job, instance) DO UPDATE SET labels_json = excluded.labels_json
                RETURNING id;
                """);
            command.Parameters.AddWithValue("$job", job);
            command.Parameters.AddWithValue("$instance", instance);
            command.Parameters.AddWithValue("$labels", labels.ToCanonicalJson());
            return (long)command.ExecuteScalar()!;
        }

        public void RecordHealth(long targetId, DateTimeOffset attemptTime, string? error)
        {
            using var command = Command("""
                UPDATE targets SET
                    health = CASE WHEN $error IS NULL THEN 'up' ELSE 'down' END,
                    last_error = COALESCE($error, last_error),
                    last_success_unix_ms = CASE WHEN $error IS NULL THEN $time ELSE last_success_unix_ms END,
                    last_attempt_unix_ms = $time
                WHERE id = $id;
                """);
            command.Parameters.AddWithValue("$id", targetId);
            command.Parameters.AddWithValue("$time", attemptTime.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            if (command.ExecuteNonQuery() == 0)
            {
                throw UnknownTarget(targetId);
            }
        }

        public long AddRuntimeSample(long targetId, RuntimeSample sample)
        {
            ArgumentNullException.ThrowIfNull(sample);
            RequireTarget(targetId);
            using var command = Command($"""
                INSERT INTO runtime_samples (target_id, {RuntimeColumns})
                VALUES ($target, $time, $sources, $rss, $heap_alloc, $heap_inuse, $heap_idle, $heap_released, $heap_sys, $sys, $next_gc, $stack_inuse,
                    $goroutines, $num_gc, $total_alloc, $gc_cpu_fraction, $pause_p99, $gogc, $gomemlimit, $container_limit, $start_time, $pid,
                    $stack_sys, $heap_objects, $mspan_sys, $mcache_sys, $buck_hash_sys, $gc_sys, $other_sys, $heap_live, $pause_count, $pause_p50,
                    $pause_max, $size_classes)
                RETURNING id;
                """);
            var p = command.Parameters;
            p.AddWithValue("$target", targetId);
            p.AddWithValue("$time", sample.Time.ToUnixTimeMilliseconds());
            p.AddWithValue("$sources", (int)sample.Sources);
            p.AddWithValue("$rss", Value(sample.RssBytes));
            p.AddWithValue("$heap_alloc", Value(sample.HeapAllocBytes));
            p.AddWithValue("$heap_inuse", Value(sample.HeapInuseBytes));
            p.AddWithValue("$heap_idle", Value(sample.HeapIdleBytes));
            p.AddWithValue("$heap_released", Value(sample.HeapReleasedBytes));
            p.AddWithValue("$heap_sys", Value(sample.HeapSysBytes));
            p.AddWithValue("$sys", Value(sample.SysBytes));
            p.AddWithValue("$next_gc", Value(sample.NextGcBytes));
            p.AddWithValue("$stack_inuse", Value(sample.StackInuseBytes));
            p.AddWithValue("$goroutines", Value(sample.Goroutines));
            p.AddWithValue("$num_gc", Value(sample.NumGc));
            p.AddWithValue("$total_alloc", Value(sample.TotalAllocBytes));
            p.AddWithValue("$gc_cpu_fraction", Value(sample.GcCpuFraction));
            p.AddWithValue("$pause_p99", Value(sample.PauseP99Seconds));
            p.AddWithValue("$gogc", Value(sample.Gogc));
            p.AddWithValue("$gomemlimit", Value(sample.GomemlimitBytes));
            p.AddWithValue("$container_limit", Value(sample.ContainerLimitBytes));
            p.AddWithValue("$start_time", Value(sample.ProcessStartTimeSeconds));
            p.AddWithValue("$pid", Value(sample.Pid));
            p.AddWithValue("$stack_sys", Value(sample.StackSysBytes));
            p.AddWithValue("$heap_objects", Value(sample.HeapObjects));
            p.AddWithValue("$mspan_sys", Value(sample.MSpanSysBytes));
            p.AddWithValue("$mcache_sys", Value(sample.MCacheSysBytes));
            p.AddWithValue("$buck_hash_sys", Value(sample.BuckHashSysBytes));
            p.AddWithValue("$gc_sys", Value(sample.GcSysBytes));
            p.AddWithValue("$other_sys", Value(sample.OtherSysBytes));
            p.AddWithValue("$heap_live", Value(sample.HeapLiveBytes));
            p.AddWithValue("$pause_count", Value(sample.PauseCount));
            p.AddWithValue("$pause_p50", Value(sample.PauseP50Seconds));
            p.AddWithValue("$pause_max", Value(sample.PauseMaxSeconds));
            p.Add("$size_classes", SqliteType.Blob).Value = (object?)sample.SizeClasses?.Encode() ?? DBNull.Value;
            return (long)command.ExecuteScalar()!;
        }

        public long AddEvent(long targetId, DateTimeOffset time, string kind, string detail)
        {
            ArgumentException.ThrowIfNullOrEmpty(kind);
            ArgumentNullException.ThrowIfNull(detail);
            RequireTarget(targetId);
            using var command = Command("INSERT INTO target_events (target_id, time_unix_ms, kind, detail) VALUES ($target, $time, $kind, $detail) RETURNING id;");
            command.Parameters.AddWithValue("$target", targetId);
            command.Parameters.AddWithValue("$time", time.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$detail", detail);
            return (long)command.ExecuteScalar()!;
        }

        public long AddProfile(long targetId, string kind, DateTimeOffset time, Profile profile)
        {
            ArgumentException.ThrowIfNullOrEmpty(kind);
            ArgumentNullException.ThrowIfNull(profile);
            RequireTarget(targetId);
            EncodedSnapshot encoded;
            using (var parts = new SqliteProfileParts(store._database.Connection, transaction, targetId, store.Path))
            {
                encoded = ProfileSnapshotCodec.Encode(profile, parts);
            }

            using var command = Command("""
                INSERT INTO profile_snapshots (target_id, kind, time_unix_ms, sample_types_json, default_sample_type, period_type, period_unit, period,
                    duration_nanos, profile_time_nanos, comments_json, drop_frames, keep_frames, doc_url, sample_count, tables, samples)
                VALUES ($target, $kind, $time, $types, $default, $period_type, $period_unit, $period, $duration, $profile_time, $comments,
                    $drop, $keep, $doc, $count, $tables, $samples)
                RETURNING id;
                """);
            var p = command.Parameters;
            p.AddWithValue("$target", targetId);
            p.AddWithValue("$kind", kind);
            p.AddWithValue("$time", time.ToUnixTimeMilliseconds());
            p.AddWithValue("$types", encoded.SampleTypesJson);
            p.AddWithValue("$default", encoded.DefaultSampleType);
            p.AddWithValue("$period_type", (object?)encoded.PeriodType ?? DBNull.Value);
            p.AddWithValue("$period_unit", (object?)encoded.PeriodUnit ?? DBNull.Value);
            p.AddWithValue("$period", encoded.Period);
            p.AddWithValue("$duration", encoded.DurationNanos);
            p.AddWithValue("$profile_time", encoded.ProfileTimeNanos);
            p.AddWithValue("$comments", encoded.CommentsJson);
            p.AddWithValue("$drop", encoded.DropFrames);
            p.AddWithValue("$keep", encoded.KeepFrames);
            p.AddWithValue("$doc", encoded.DocUrl);
            p.AddWithValue("$count", encoded.SampleCount);
            p.AddWithValue("$tables", encoded.Tables);
            p.AddWithValue("$samples", encoded.Samples);
            return (long)command.ExecuteScalar()!;
        }

        public long UpsertFinding(MonitoringFinding finding)
        {
            ArgumentNullException.ThrowIfNull(finding);
            ArgumentException.ThrowIfNullOrEmpty(finding.Code);
            RequireTarget(finding.TargetId);
            using var command = Command("""
                INSERT INTO findings (target_id, code, finding_key, severity, title, detail, first_seen_unix_ms, last_seen_unix_ms, resolved_unix_ms)
                VALUES ($target, $code, $key, $severity, $title, $detail, $first, $last, $resolved)
                ON CONFLICT (target_id, code, finding_key) DO UPDATE SET
                    severity = excluded.severity, title = excluded.title, detail = excluded.detail,
                    first_seen_unix_ms = MIN(first_seen_unix_ms, excluded.first_seen_unix_ms),
                    last_seen_unix_ms = excluded.last_seen_unix_ms, resolved_unix_ms = excluded.resolved_unix_ms
                RETURNING id;
                """);
            var p = command.Parameters;
            p.AddWithValue("$target", finding.TargetId);
            p.AddWithValue("$code", finding.Code);
            p.AddWithValue("$key", finding.Key);
            p.AddWithValue("$severity", finding.Severity.Name());
            p.AddWithValue("$title", finding.Title);
            p.AddWithValue("$detail", finding.Detail);
            p.AddWithValue("$first", finding.FirstSeen.ToUnixTimeMilliseconds());
            p.AddWithValue("$last", finding.LastSeen.ToUnixTimeMilliseconds());
            p.AddWithValue("$resolved", finding.ResolvedAt is { } resolved ? resolved.ToUnixTimeMilliseconds() : DBNull.Value);
            return (long)command.ExecuteScalar()!;
        }

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            transaction.Commit();
            Finish();
        }

        public void Dispose()
        {
            if (!_finished)
            {
                transaction.Rollback();
                Finish();
            }
        }

        private void Finish()
        {
            _finished = true;
            transaction.Dispose();
            store._cycle = null;
        }

        private SqliteCommand Command(string sql)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            return store._database.Command(sql, transaction);
        }

        private void RequireTarget(long targetId)
        {
            using var command = Command("SELECT 1 FROM targets WHERE id = $id;");
            command.Parameters.AddWithValue("$id", targetId);
            if (command.ExecuteScalar() is null)
            {
                throw UnknownTarget(targetId);
            }
        }

        private KeyNotFoundException UnknownTarget(long targetId) => new($"{store.Path}: no target with id {targetId}");

        private static object Value(long? value) => value is { } v ? v : DBNull.Value;

        private static object Value(double? value) => value is { } v && !double.IsNaN(v) ? v : DBNull.Value;
    }
}
