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
    public static ProfileSummary Of(Profile profile, ValueType sampleType)
    {
        var first = profile.Mappings.Count > 0 ? profile.Mappings[0] : null;
        return new ProfileSummary(
            first?.File ?? "",
            first?.BuildId ?? "",
            profile.Header.Comments,
            sampleType.Type,
            sampleType.Unit,
            profile.Header.DocUrl,
            profile.Header.TimeNanos,
            profile.Header.DurationNanos);
    }
}
