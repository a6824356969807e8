using System.Collections.Frozen;
using System.Text.Json;

namespace GoMem.RuntimeStats.Expvar;

/// <summary>
/// Reads the "memstats" object of /debug/vars into <see cref="MemStats"/>. Every field Go writes is required and
/// type-checked (a uint64 must be a plain non-negative integer in range); unknown fields are skipped so a future
/// Go that adds one still parses.
/// </summary>
internal static class ExpvarMemStatsReader
{
    private const int MaxSizeClasses = 256;

    private static readonly FrozenDictionary<string, MemStatsField> Fields =
        Enum.GetValues<MemStatsField>().ToFrozenDictionary(f => f.ToString(), StringComparer.Ordinal);

    public static MemStats Read(ref Utf8JsonReader reader, ExpvarJsonContext context)
    {
        reader.Read();
        var objectStart = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw context.Error($"memstats must be an object, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        var integers = new ulong[(int)MemStatsField.DebugGC + 1];
        var seen = new bool[integers.Length];
        double gcCpuFraction = 0;
        ulong[]? pauseNs = null;
        ulong[]? pauseEnd = null;
        SizeClassStats[]? bySize = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = reader.TokenStartIndex;
            var name = reader.GetString()!;
            if (Fields.TryGetValue(name, out var field))
            {
                if (seen[(int)field])
                {
                    throw context.Error($"duplicate memstats field {name}", nameOffset);
                }

                seen[(int)field] = true;
                reader.Read();
                switch (field)
                {
                    case MemStatsField.GCCPUFraction:
                        gcCpuFraction = ReadDouble(ref reader, context, name);
                        break;
                    case MemStatsField.EnableGC or MemStatsField.DebugGC:
                        integers[(int)field] = ReadBool(ref reader, context, name) ? 1UL : 0UL;
                        break;
                    case MemStatsField.NumGC or MemStatsField.NumForcedGC:
                        integers[(int)field] = ReadUInt32(ref reader, context, name);
                        break;
                    default:
                        integers[(int)field] = ReadUInt64(ref reader, context, name);
                        break;
                }

                continue;
            }

            switch (name)
            {
                case "PauseNs":
                    pauseNs = ReadRing(ref reader, context, name, pauseNs);
                    break;
                case "PauseEnd":
                    pauseEnd = ReadRing(ref reader, context, name, pauseEnd);
                    break;
                case "BySize":
                    if (bySize is not null)
                    {
                        throw context.Error("duplicate memstats field BySize", nameOffset);
                    }

                    bySize = ReadBySize(ref reader, context);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        for (var i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                throw context.Error($"memstats has no field {(MemStatsField)i} (not Go's runtime.MemStats, or a Go older than 1.8)", objectStart);
            }
        }

        return new MemStats
        {
            Alloc = integers[(int)MemStatsField.Alloc],
            TotalAlloc = integers[(int)MemStatsField.TotalAlloc],
            Sys = integers[(int)MemStatsField.Sys],
            Lookups = integers[(int)MemStatsField.Lookups],
            Mallocs = integers[(int)MemStatsField.Mallocs],
            Frees = integers[(int)MemStatsField.Frees],
            HeapAlloc = integers[(int)MemStatsField.HeapAlloc],
            HeapSys = integers[(int)MemStatsField.HeapSys],
            HeapIdle = integers[(int)MemStatsField.HeapIdle],
            HeapInuse = integers[(int)MemStatsField.HeapInuse],
            HeapReleased = integers[(int)MemStatsField.HeapReleased],
            HeapObjects = integers[(int)MemStatsField.HeapObjects],
            StackInuse = integers[(int)MemStatsField.StackInuse],
            StackSys = integers[(int)MemStatsField.StackSys],
            MSpanInuse = integers[(int)MemStatsField.MSpanInuse],
            MSpanSys = integers[(int)MemStatsField.MSpanSys],
            MCacheInuse = integers[(int)MemStatsField.MCacheInuse],
            MCacheSys = integers[(int)MemStatsField.MCacheSys],
            BuckHashSys = integers[(int)MemStatsField.BuckHashSys],
            GCSys = integers[(int)MemStatsField.GCSys],
            OtherSys = integers[(int)MemStatsField.OtherSys],
            NextGC = integers[(int)MemStatsField.NextGC],
            LastGC = integers[(int)MemStatsField.LastGC],
            PauseTotalNs = integers[(int)MemStatsField.PauseTotalNs],
            PauseNs = pauseNs ?? throw context.Error("memstats has no field PauseNs (not Go's runtime.MemStats?)", objectStart),
            PauseEnd = pauseEnd ?? throw context.Error("memstats has no field PauseEnd (not Go's runtime.MemStats, or a Go older than 1.4)", objectStart),
            NumGC = (uint)integers[(int)MemStatsField.NumGC],
            NumForcedGC = (uint)integers[(int)MemStatsField.NumForcedGC],
            GCCPUFraction = gcCpuFraction,
            EnableGC = integers[(int)MemStatsField.EnableGC] != 0,
            DebugGC = integers[(int)MemStatsField.DebugGC] != 0,
            BySize = bySize ?? throw context.Error("memstats has no field BySize (not Go's runtime.MemStats?)", objectStart),
        };
    }

    private static ulong ReadUInt64(ref Utf8JsonReader reader, ExpvarJsonContext context, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var value))
        {
            throw context.Error($"memstats.{name} must be an unsigned 64-bit integer, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        return value;
    }

    private static uint ReadUInt32(ref Utf8JsonReader reader, ExpvarJsonContext context, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out var value))
        {
            throw context.Error($"memstats.{name} must be an unsigned 32-bit integer, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        return value;
    }

    private static double ReadDouble(ref Utf8JsonReader reader, ExpvarJsonContext context, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw context.Error($"memstats.{name} must be a finite number, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        return value;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, ExpvarJsonContext context, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw context.Error($"memstats.{name} must be true or false, not {ExpvarJsonContext.Describe(reader)}", reader),
    };

    /// <summary>PauseNs and PauseEnd: exactly 256 uint64 values, the ring size Go has always used.</summary>
    private static ulong[] ReadRing(ref Utf8JsonReader reader, ExpvarJsonContext context, string name, ulong[]? previous)
    {
        var start = reader.TokenStartIndex;
        if (previous is not null)
        {
            throw context.Error($"duplicate memstats field {name}", start);
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw context.Error($"memstats.{name} must be an array of {GcPauseHistory.RingSize} integers, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        var ring = new ulong[GcPauseHistory.RingSize];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == ring.Length)
            {
                throw context.Error($"memstats.{name} has more than {GcPauseHistory.RingSize} entries", reader);
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ring[count]))
            {
                throw context.Error($"memstats.{name}[{count}] must be an unsigned 64-bit integer, not {ExpvarJsonContext.Describe(reader)}", reader);
            }

            count++;
        }

        if (count != ring.Length)
        {
            throw context.Error($"memstats.{name} has {count} entries, not {GcPauseHistory.RingSize}", reader);
        }

        return ring;
    }

    private static SizeClassStats[] ReadBySize(ref Utf8JsonReader reader, ExpvarJsonContext context)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw context.Error($"memstats.BySize must be an array, not {ExpvarJsonContext.Describe(reader)}", reader);
        }

        var classes = new List<SizeClassStats>(61);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = $"BySize[{classes.Count}]";
            if (classes.Count == MaxSizeClasses)
            {
                throw context.Error($"memstats.BySize has more than {MaxSizeClasses} entries", reader);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw context.Error($"memstats.{name} must be an object, not {ExpvarJsonContext.Describe(reader)}", reader);
            }

            var start = reader.TokenStartIndex;
            uint? size = null;
            ulong? mallocs = null;
            ulong? frees = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var keyOffset = reader.TokenStartIndex;
                var key = reader.GetString()!;
                reader.Read();
                switch (key)
                {
                    case "Size" when size is null:
                        size = ReadUInt32(ref reader, context, name + ".Size");
                        break;
                    case "Mallocs" when mallocs is null:
                        mallocs = ReadUInt64(ref reader, context, name + ".Mallocs");
                        break;
                    case "Frees" when frees is null:
                        frees = ReadUInt64(ref reader, context, name + ".Frees");
                        break;
                    case "Size" or "Mallocs" or "Frees":
                        throw context.Error($"duplicate field {key} in memstats.{name}", keyOffset);
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (size is null || mallocs is null || frees is null)
            {
                throw context.Error($"memstats.{name} must have Size, Mallocs and Frees", start);
            }

            classes.Add(new SizeClassStats(size.Value, mallocs.Value, frees.Value));
        }

        return [.. classes];
    }
}
