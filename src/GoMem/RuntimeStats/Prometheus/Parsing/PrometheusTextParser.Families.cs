namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>
/// Which family a sample belongs to. A sample name is looked up as: a family declared under exactly that name;
/// the family of the previous line, if the name fits it; a declared family whose name plus one of its type's
/// suffixes (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>, <c>_created</c>, <c>_total</c>, ...) gives the name;
/// else an untyped family of its own.
/// </summary>
public sealed partial class PrometheusTextParser
{
    private void AddSample(ReadOnlySpan<char> name, MetricLabel[] labels, double value, long? timestampMs, PendingTimestamp? pending, Exemplar? exemplar)
    {
        if (_sampleCount == _limits.MaxSamples)
        {
            throw Error($"more than {_limits.MaxSamples} samples (the limit for one exposition)");
        }

        var family = ResolveFamily(name, out var suffix);
        CheckRole(family, suffix, labels);
        Enter(family);
        var sampleName = suffix.Length == 0 ? family.Name : _names.Get(name);
        var sample = new MetricSample(sampleName, labels, value, timestampMs) { Exemplar = exemplar, LineNumber = _reader.LineNumber };
        if (pending is { } timestamp)
        {
            _timestamps.Add(timestamp with { Family = family, Index = family.Samples.Count });
        }

        family.Samples.Add(sample);
        _sampleCount++;
    }

    private FamilyBuilder ResolveFamily(ReadOnlySpan<char> name, out string suffix)
    {
        var lookup = _families.GetAlternateLookup<ReadOnlySpan<char>>();
        lookup.TryGetValue(name, out var exact);
        if (exact is { TypeDeclared: true } && exact.SuffixOf(name) is { } bare)
        {
            suffix = bare;
            return exact;
        }

        if (_current is not null && _current.SuffixOf(name) is { } fits)
        {
            suffix = fits;
            return _current;
        }

        foreach (var candidate in FamilyBuilder.AllSuffixes)
        {
            if (name.Length > candidate.Length && name.EndsWith(candidate, StringComparison.Ordinal) &&
                lookup.TryGetValue(name[..^candidate.Length], out var declared) && declared.TypeDeclared &&
                declared.SuffixOf(name) is { } found)
            {
                suffix = found;
                return declared;
            }
        }

        if (exact is not null)
        {
            suffix = exact.SuffixOf(name) ?? throw Error($"sample {name} does not belong to {TypeWord(exact.Type)} {exact.Name} (expected {string.Join(", ", Array.ConvertAll(exact.Suffixes, s => exact.Name + s))})");
            return exact;
        }

        suffix = "";
        return CreateFamily(_names.Get(name));
    }

    /// <summary>A histogram bucket needs a numeric <c>le</c>, a summary quantile a numeric <c>quantile</c>.</summary>
    private void CheckRole(FamilyBuilder family, string suffix, MetricLabel[] labels)
    {
        var required = (family.Type, suffix) switch
        {
            (MetricType.Histogram or MetricType.GaugeHistogram, "_bucket") => "le",
            (MetricType.Summary, "") => "quantile",
            _ => null,
        };
        if (required is null)
        {
            return;
        }

        foreach (var label in labels)
        {
            if (label.Name == required)
            {
                if (GoFloat.Parse(label.Value, out _) != GoFloat.Result.Ok)
                {
                    throw Error($"{required} label \"{label.Value}\" of {family.Name}{suffix} is not a number");
                }

                return;
            }
        }

        throw Error($"{TypeWord(family.Type)} sample {family.Name}{suffix} has no {required} label");
    }

    private FamilyBuilder CreateFamily(string name)
    {
        if (_order.Count == _limits.MaxFamilies)
        {
            throw Error($"more than {_limits.MaxFamilies} metric families (the limit for one exposition)");
        }

        var family = new FamilyBuilder(name);
        _families[name] = family;
        _order.Add(family);
        return family;
    }

    /// <summary>Makes <paramref name="family"/> the current one; OpenMetrics forbids coming back to a family left earlier.</summary>
    private void Enter(FamilyBuilder family)
    {
        if (ReferenceEquals(family, _current))
        {
            return;
        }

        if (family.Left && _format == ExpositionFormat.OpenMetrics)
        {
            throw Error($"sample or metadata for family {family.Name} after family {_current?.Name} began (OpenMetrics families must not be interleaved)");
        }

        _current?.Left = true;
        _current = family;
    }
}
