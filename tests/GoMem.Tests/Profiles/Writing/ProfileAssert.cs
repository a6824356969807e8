using GoMem.Profiles;

namespace GoMem.Tests.Profiles.Writing;

/// <summary>
/// Field-by-field equality of two profile models: header, sample types, every table entry (ids and order included)
/// and every sample's values, stack and labels. The first difference is reported by name, so a failure says what
/// did not survive. <see cref="Profile.Source"/> (where it was read from) is not part of the model compared.
/// </summary>
internal static class ProfileAssert
{
    /// <summary>
    /// Asserts the models are equal. With <paramref name="asProfileProto"/>, the labels profile.proto cannot carry
    /// are dropped from <paramref name="expected"/> first, as pprof drops them: a numeric label of 0 with no unit (the
    /// legacy heap format's <c>bytes</c> label of an empty bucket) and a string label with empty text.
    /// </summary>
    public static void Equal(Profile expected, Profile actual, bool asProfileProto = false)
    {
        var e = expected.Header;
        var a = actual.Header;
        Same("DropFrames", e.DropFrames, a.DropFrames);
        Same("KeepFrames", e.KeepFrames, a.KeepFrames);
        Same("TimeNanos", e.TimeNanos, a.TimeNanos);
        Same("DurationNanos", e.DurationNanos, a.DurationNanos);
        Same("PeriodType", e.PeriodType, a.PeriodType);
        Same("Period", e.Period, a.Period);
        Same("DefaultSampleType", e.DefaultSampleType, a.DefaultSampleType);
        Same("DocUrl", e.DocUrl, a.DocUrl);
        Same("Comments", string.Join("\n", e.Comments), string.Join("\n", a.Comments));
        Same("Comments.Count", e.Comments.Count, a.Comments.Count);
        Same("SampleTypes", string.Join(" ", expected.SampleTypes), string.Join(" ", actual.SampleTypes));

        Same("Mappings.Count", expected.Mappings.Count, actual.Mappings.Count);
        for (var i = 0; i < expected.Mappings.Count; i++)
        {
            Same($"Mappings[{i}]", expected.Mappings[i], actual.Mappings[i]);
        }

        Same("Functions.Count", expected.Functions.Count, actual.Functions.Count);
        for (var i = 0; i < expected.Functions.Count; i++)
        {
            Same($"Functions[{i}]", expected.Functions[i], actual.Functions[i]);
        }

        Same("Locations.Count", expected.Locations.Count, actual.Locations.Count);
        for (var i = 0; i < expected.Locations.Count; i++)
        {
            var el = expected.Locations[i];
            var al = actual.Locations[i];
            Same($"Locations[{i}]", el with { Lines = [] }, al with { Lines = [] });
            Same($"Locations[{i}].Lines", string.Join(" ", el.Lines), string.Join(" ", al.Lines));
        }

        Same("SampleCount", expected.SampleCount, actual.SampleCount);
        for (var s = 0; s < expected.SampleCount; s++)
        {
            Same($"sample {s} values", string.Join(" ", expected.Values(s).ToArray()), string.Join(" ", actual.Values(s).ToArray()));
            Same($"sample {s} stack", string.Join(" ", expected.Stack(s).ToArray()), string.Join(" ", actual.Stack(s).ToArray()));
            var expectedLabels = asProfileProto ? Representable(expected.Labels(s)) : expected.Labels(s);
            var actualLabels = actual.Labels(s);
            Same($"sample {s} label count", expectedLabels.Length, actualLabels.Length);
            for (var i = 0; i < expectedLabels.Length; i++)
            {
                // Compared as records: a null text or unit is not the same as an empty one.
                Same($"sample {s} label {i}", expectedLabels[i], actualLabels[i]);
            }
        }
    }

    private static ReadOnlySpan<Label> Representable(ReadOnlySpan<Label> labels)
    {
        var kept = new List<Label>(labels.Length);
        foreach (var label in labels)
        {
            if (label.Text is { Length: > 0 } || (label.Text is null && (label.Number != 0 || label.NumberUnit is not null)))
            {
                kept.Add(label);
            }
        }

        return kept.ToArray();
    }

    private static void Same<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Assert.Fail($"{what} differs:\n  expected: {expected}\n  actual:   {actual}");
        }
    }
}
