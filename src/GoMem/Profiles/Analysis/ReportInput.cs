using GoMem.IO;

namespace GoMem.Profiles.Analysis;

/// <summary>
/// The profiles a report reads, already filtered: one for top/traces/flame, or a new and a base profile for a
/// diff (pprof -diff_base: the base is negated and merged, percentages are relative to the base total).
/// </summary>
internal sealed class ReportInput
{
    private ReportInput(IReadOnlyList<ProfileView> views, ValueType sampleType, long total, ProfileSummary summary)
    {
        Views = views;
        SampleType = sampleType;
        Total = total;
        Summary = summary;
    }

    public IReadOnlyList<ProfileView> Views { get; }

    public ValueType SampleType { get; }

    /// <summary>pprof's report total: sum of |value| over all samples before focus filters (over the base, in a diff).</summary>
    public long Total { get; }

    public ProfileSummary Summary { get; }

    public bool IsDiff => Views.Count > 1;

    public static ReportInput Create(Profile profile, ReportOptions options, Profile? baseProfile = null)
    {
        var index = profile.ResolveSampleIndex(SampleIndex(profile, options, baseProfile));
        var sampleType = profile.SampleTypes[index];
        var regexes = FrameRegexes.From(options);
        var views = new List<ProfileView> { ProfileView.Create(profile, index, +1, options, regexes) };
        var total = profile.AbsoluteTotal(index);
        if (baseProfile is not null)
        {
            var baseIndex = MatchingIndex(baseProfile, sampleType);
            views.Add(ProfileView.Create(baseProfile, baseIndex, -1, options, regexes));
            // pprof's computeTotal: the base's samples alone when their sum of |value| is positive, else every sample
            // of both (the same as the new profile's when the base sums to 0; a sum wrapped negative by a hostile
            // -2^63 value counts both, as in Go).
            var baseTotal = baseProfile.AbsoluteTotal(baseIndex);
            total = baseTotal > 0 ? baseTotal : unchecked(total + baseTotal);
        }

        return new ReportInput(views, sampleType, total, ProfileSummary.Of(profile, sampleType, baseProfile));
    }

    /// <summary>
    /// The sample index asked for; for a diff with none asked, the base's default sample type when the newer profile
    /// names none (pprof reads the default type of the merged profile: the first one either profile names).
    /// </summary>
    private static string? SampleIndex(Profile profile, ReportOptions options, Profile? baseProfile)
    {
        if (!string.IsNullOrEmpty(options.SampleIndex) || baseProfile is null || profile.Header.DefaultSampleType.Length > 0)
        {
            return options.SampleIndex;
        }

        var baseDefault = baseProfile.Header.DefaultSampleType;
        return baseDefault.Length > 0 && profile.SampleTypes.Any(t => t.Type == baseDefault) ? baseDefault : options.SampleIndex;
    }

    private static int MatchingIndex(Profile baseProfile, ValueType sampleType)
    {
        for (var i = 0; i < baseProfile.SampleTypes.Count; i++)
        {
            if (baseProfile.SampleTypes[i] == sampleType)
            {
                return i;
            }
        }

        throw new GoMem.IO.BadInputException(baseProfile.Source, $"the base profile has no sample type {sampleType.Type}/{sampleType.Unit} (it has: {string.Join(", ", baseProfile.SampleTypes)})");
    }
}
