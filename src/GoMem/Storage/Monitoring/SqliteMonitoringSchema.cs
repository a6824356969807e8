namespace GoMem.Storage.Monitoring;

/// <summary>
/// The monitoring tables of the store file (migration 2 of <see cref="SqliteMigrations"/>, and the ones after it). Times are unix
/// milliseconds; 64-bit unsigned addresses are stored as their two's-complement signed value.
/// </summary>
/// <remarks>
/// Profiles are split into parts deduplicated per target: strings, mappings, functions, locations (their lines as a
/// varint blob) and stacks (a blob of location ids) are content-addressed: <c>hash</c> is a 32-bit digest of the
/// part's canonical bytes (<see cref="ContentHash"/>), looked up through the (target_id, hash) index and confirmed by
/// comparing the content, so parts with equal digests are told apart and never mixed up. <c>variant</c> tells apart
/// parts that are identical in content but distinct within one profile (0 for the first, 1 for the next, ...). A
/// snapshot row holds the header, its part tables (part ids with the profile's own ids, in the profile's order) and
/// its samples as varint blobs (<see cref="ProfileSnapshotCodec"/>).
/// </remarks>
internal static class SqliteMonitoringSchema
{
    public const string Version2 = """
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            instance TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            health TEXT NOT NULL DEFAULT 'unknown' CHECK (health IN ('unknown', 'up', 'down')),
            last_error TEXT,
            last_success_unix_ms INTEGER,
            last_attempt_unix_ms INTEGER,
            UNIQUE (job, instance)
        );
        CREATE TABLE runtime_samples (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            time_unix_ms INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            rss_bytes INTEGER,
            heap_alloc_bytes INTEGER,
            heap_inuse_bytes INTEGER,
            heap_idle_bytes INTEGER,
            heap_released_bytes INTEGER,
            heap_sys_bytes INTEGER,
            sys_bytes INTEGER,
            next_gc_bytes INTEGER,
            stack_inuse_bytes INTEGER,
            goroutines INTEGER,
            num_gc INTEGER,
            total_alloc_bytes INTEGER,
            gc_cpu_fraction REAL,
            pause_p99_seconds REAL,
            gogc INTEGER,
            gomemlimit_bytes INTEGER,
            container_limit_bytes INTEGER,
            process_start_time_seconds REAL,
            pid INTEGER
        );
        CREATE INDEX runtime_samples_by_time ON runtime_samples (target_id, time_unix_ms);
        CREATE TABLE target_events (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            time_unix_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX target_events_by_time ON target_events (target_id, time_unix_ms);
        CREATE TABLE profile_strings (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            hash INTEGER NOT NULL,
            value TEXT NOT NULL
        );
        CREATE INDEX profile_strings_by_hash ON profile_strings (target_id, hash);
        CREATE TABLE profile_mappings (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            hash INTEGER NOT NULL,
            memory_start INTEGER NOT NULL,
            memory_limit INTEGER NOT NULL,
            file_offset INTEGER NOT NULL,
            file_id INTEGER NOT NULL REFERENCES profile_strings(id),
            build_id_id INTEGER NOT NULL REFERENCES profile_strings(id),
            flags INTEGER NOT NULL,
            variant INTEGER NOT NULL
        );
        CREATE INDEX profile_mappings_by_hash ON profile_mappings (target_id, hash);
        CREATE TABLE profile_functions (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            hash INTEGER NOT NULL,
            name_id INTEGER NOT NULL REFERENCES profile_strings(id),
            system_name_id INTEGER NOT NULL REFERENCES profile_strings(id),
            filename_id INTEGER NOT NULL REFERENCES profile_strings(id),
            start_line INTEGER NOT NULL,
            variant INTEGER NOT NULL
        );
        CREATE INDEX profile_functions_by_hash ON profile_functions (target_id, hash);
        CREATE TABLE profile_locations (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            hash INTEGER NOT NULL,
            mapping_id INTEGER REFERENCES profile_mappings(id),
            address INTEGER NOT NULL,
            is_folded INTEGER NOT NULL,
            variant INTEGER NOT NULL,
            lines BLOB NOT NULL
        );
        CREATE INDEX profile_locations_by_hash ON profile_locations (target_id, hash);
        CREATE TABLE profile_stacks (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            hash INTEGER NOT NULL,
            locations BLOB NOT NULL
        );
        CREATE INDEX profile_stacks_by_hash ON profile_stacks (target_id, hash);
        CREATE TABLE profile_snapshots (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            time_unix_ms INTEGER NOT NULL,
            sample_types_json TEXT NOT NULL,
            default_sample_type TEXT NOT NULL,
            period_type TEXT,
            period_unit TEXT,
            period INTEGER NOT NULL,
            duration_nanos INTEGER NOT NULL,
            profile_time_nanos INTEGER NOT NULL,
            comments_json TEXT NOT NULL,
            drop_frames TEXT NOT NULL,
            keep_frames TEXT NOT NULL,
            doc_url TEXT NOT NULL,
            sample_count INTEGER NOT NULL,
            tables BLOB NOT NULL,
            samples BLOB NOT NULL
        );
        CREATE INDEX profile_snapshots_by_time ON profile_snapshots (target_id, kind, time_unix_ms);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            finding_key TEXT NOT NULL,
            severity TEXT NOT NULL,
            title TEXT NOT NULL,
            detail TEXT NOT NULL,
            first_seen_unix_ms INTEGER NOT NULL,
            last_seen_unix_ms INTEGER NOT NULL,
            resolved_unix_ms INTEGER,
            UNIQUE (target_id, code, finding_key)
        );
        CREATE INDEX findings_by_last_seen ON findings (last_seen_unix_ms);
        """;

    /// <summary>
    /// The runtime figures <c>gomem explain</c> needs beyond the series <c>gomem history</c> shows, so a breakdown from
    /// the store has the numbers of one from the live service: runtime metadata (StackSys, MSpanSys, MCacheSys,
    /// BuckHashSys, GCSys, OtherSys), HeapObjects, the live heap of the last GC, the pause statistics and the size
    /// classes holding the most live bytes (a varint blob, <see cref="SizeClassCounts"/>). Null in rows written before.
    /// </summary>
    public const string ExplainFigures = """
        ALTER TABLE runtime_samples ADD COLUMN stack_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN heap_objects INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN mspan_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN mcache_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN buck_hash_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN gc_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN other_sys_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN heap_live_bytes INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN pause_count INTEGER;
        ALTER TABLE runtime_samples ADD COLUMN pause_p50_seconds REAL;
        ALTER TABLE runtime_samples ADD COLUMN pause_max_seconds REAL;
        ALTER TABLE runtime_samples ADD COLUMN size_classes BLOB;
        """;

    /// <summary>Collectors seen lately (their last lease round) and the lease each holds on a target (by its key).</summary>
    public const string Leases = """
        CREATE TABLE collectors (
            id TEXT PRIMARY KEY,
            seen_unix_ms INTEGER NOT NULL
        );
        CREATE TABLE target_leases (
            target_key TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_unix_ms INTEGER NOT NULL
        );
        CREATE INDEX target_leases_by_holder ON target_leases (holder);
        """;

    /// <summary>
    /// Retention (migration 5): runtime statistics rolled up per span (one row per target, resolution and span start;
    /// columns in <see cref="RollupColumns"/> order: per gauge min, mean, max and how many samples had it, per counter
    /// min, max and last), and per target the snapshots deleted since its profile parts were last collected.
    /// </summary>
    public const string Retention = """
        CREATE TABLE runtime_rollups (
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            resolution_ms INTEGER NOT NULL,
            bucket_unix_ms INTEGER NOT NULL,
            sample_count INTEGER NOT NULL,
            first_unix_ms INTEGER NOT NULL,
            last_unix_ms INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            rss_bytes_min INTEGER, rss_bytes_avg REAL, rss_bytes_max INTEGER, rss_bytes_n INTEGER,
            heap_alloc_bytes_min INTEGER, heap_alloc_bytes_avg REAL, heap_alloc_bytes_max INTEGER, heap_alloc_bytes_n INTEGER,
            heap_inuse_bytes_min INTEGER, heap_inuse_bytes_avg REAL, heap_inuse_bytes_max INTEGER, heap_inuse_bytes_n INTEGER,
            heap_idle_bytes_min INTEGER, heap_idle_bytes_avg REAL, heap_idle_bytes_max INTEGER, heap_idle_bytes_n INTEGER,
            heap_released_bytes_min INTEGER, heap_released_bytes_avg REAL, heap_released_bytes_max INTEGER, heap_released_bytes_n INTEGER,
            heap_sys_bytes_min INTEGER, heap_sys_bytes_avg REAL, heap_sys_bytes_max INTEGER, heap_sys_bytes_n INTEGER,
            sys_bytes_min INTEGER, sys_bytes_avg REAL, sys_bytes_max INTEGER, sys_bytes_n INTEGER,
            next_gc_bytes_min INTEGER, next_gc_bytes_avg REAL, next_gc_bytes_max INTEGER, next_gc_bytes_n INTEGER,
            stack_inuse_bytes_min INTEGER, stack_inuse_bytes_avg REAL, stack_inuse_bytes_max INTEGER, stack_inuse_bytes_n INTEGER,
            goroutines_min INTEGER, goroutines_avg REAL, goroutines_max INTEGER, goroutines_n INTEGER,
            gc_cpu_fraction_min REAL, gc_cpu_fraction_avg REAL, gc_cpu_fraction_max REAL, gc_cpu_fraction_n INTEGER,
            pause_p99_seconds_min REAL, pause_p99_seconds_avg REAL, pause_p99_seconds_max REAL, pause_p99_seconds_n INTEGER,
            gogc_min INTEGER, gogc_avg REAL, gogc_max INTEGER, gogc_n INTEGER,
            gomemlimit_bytes_min INTEGER, gomemlimit_bytes_avg REAL, gomemlimit_bytes_max INTEGER, gomemlimit_bytes_n INTEGER,
            container_limit_bytes_min INTEGER, container_limit_bytes_avg REAL, container_limit_bytes_max INTEGER, container_limit_bytes_n INTEGER,
            num_gc_min INTEGER, num_gc_max INTEGER, num_gc_last INTEGER,
            total_alloc_bytes_min INTEGER, total_alloc_bytes_max INTEGER, total_alloc_bytes_last INTEGER,
            process_start_time_seconds REAL,
            pid INTEGER,
            PRIMARY KEY (target_id, resolution_ms, bucket_unix_ms)
        ) WITHOUT ROWID;
        CREATE TABLE profile_part_collection (
            target_id INTEGER PRIMARY KEY REFERENCES targets(id) ON DELETE CASCADE,
            snapshots_deleted INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// Alerts (migration 6): one row per alert of a target, identified by its labels (canonical JSON, <c>alertname</c>
    /// included), with where it stands and its times; see <see cref="MonitoringAlert"/>.
    /// </summary>
    public const string Alerts = """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            annotations_json TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
            active_since_unix_ms INTEGER NOT NULL,
            fired_unix_ms INTEGER,
            resolved_unix_ms INTEGER,
            last_evaluated_unix_ms INTEGER NOT NULL,
            value REAL,
            UNIQUE (target_id, labels_json)
        );
        CREATE INDEX alerts_by_resolved ON alerts (target_id, resolved_unix_ms);
        """;
}
