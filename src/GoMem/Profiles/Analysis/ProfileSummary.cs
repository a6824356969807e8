namespace GoMem.Profiles.Analysis;

/// <summary>What a report header says about the profile it came from (pprof's profile labels).</summary>
public sealed record ProfileSummary(
    string BinaryFile,
    string BuildId,
    IReadOnlyList<string> Comments,
    string SampleType,
    string SampleUnit,
    string DocUrl,
    long TimeNanos,
    long DurationNanos)
{
    /// <summary>
    /// The header of a report on <paramref name="profile"/>, or on a diff against <paramref name="baseProfile"/>. pprof
    /// merges what it reads (one profile too) before it reports, and the merge keeps each comment once, in order of
    /// first appearance; a diff merges the base in too: its comments follow, durations add up, and the time is the
    /// earlier one (the base's zero time wins, as in pprof's merge).
    /// </summary>
    public static ProfileSummary Of(Profile profile, ValueType sampleType, Profile? baseProfile = null)
    {
        var first = profile.Mappings.Count > 0 ? profile.Mappings[0] : null;
        var header = profile.Header;
        var time = header.TimeNanos;
        var duration = header.DurationNanos;
        if (baseProfile is not null)
        {
            var other = baseProfile.Header;
            if (time == 0 || other.TimeNanos < time)
            {
                time = other.TimeNanos;
            }

            duration += other.DurationNanos;
        }

        return new ProfileSummary(
            first?.File ?? "",
            first?.BuildId ?? "",
            DistinctComments(header.Comments, baseProfile?.Header.Comments ?? []),
            sampleType.Type,
            sampleType.Unit,
            header.DocUrl,
            time,
            duration);
    }

    private static IReadOnlyList<string> DistinctComments(IReadOnlyList<string> comments, IReadOnlyList<string> baseComments)
    {
        if (comments.Count + baseComments.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>(comments.Count + baseComments.Count);
        foreach (var list in (IReadOnlyList<string>[])[comments, baseComments])
        {
            foreach (var comment in list)
            {
                if (seen.Add(comment))
                {
                    distinct.Add(comment);
                }
            }
        }

        return distinct;
    }
}
