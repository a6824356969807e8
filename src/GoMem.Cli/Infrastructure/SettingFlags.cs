namespace GoMem.Cli.Infrastructure;

/// <summary>
/// The flag a user typed for each setting the library names in an <see cref="GoMem.IO.InvalidSettingException"/>:
/// the library speaks of its options' properties, the command line of its flags.
/// </summary>
internal static class SettingFlags
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["SampleIndex"] = "--sample-index",
        ["Focus"] = "--focus",
        ["Ignore"] = "--ignore",
        ["Show"] = "--show",
        ["Hide"] = "--hide",
        ["ShowFrom"] = "--show-from",
        ["Filter"] = "--filter",
        ["Column"] = "--col",
        ["Row"] = "--row",
        ["Thresholds"] = "--max",
        ["Interval"] = "--interval",
        ["Target"] = "--target",
        ["Limit"] = "--limit",
        ["Retention"] = "--retention",
        ["Alertmanager"] = "--alertmanager",
        ["AlertWebhook"] = "--alert-webhook",
        ["AlertLog"] = "--alert-log",
        ["ExternalUrl"] = "--external-url",
    };

    /// <summary>"--flag: problem", or the problem alone for a setting with no flag (an argument).</summary>
    public static string Describe(GoMem.IO.InvalidSettingException e) =>
        Flags.TryGetValue(e.Setting, out var flag) ? $"{flag}: {e.Problem}" : e.Problem;
}
