using GoMem.IO;

namespace GoMem.Profiles;

/// <summary>The strings of a profile as text: the search for, and the replacement of, bytes that were not UTF-8.</summary>
internal static class ProfileText
{
    /// <summary>The string with U+FFFD for each escaped byte; itself when it has none.</summary>
    public static string Utf8(string value) =>
        value.AsSpan().IndexOfAnyInRange('\uDC80', '\uDCFF') < 0 ? value : string.Create(value.Length, value, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = ByteStrings.IsEscapedByte(source[i]) ? '\uFFFD' : source[i];
            }
        });

    public static ValueType Utf8Type(ValueType type) => new(Utf8(type.Type), Utf8(type.Unit));

    public static bool AnyEscapedBytes(Profile profile, Label[] labels)
    {
        var header = profile.Header;
        return Any(header.DropFrames) || Any(header.KeepFrames) || Any(header.DefaultSampleType) || Any(header.DocUrl)
            || (header.PeriodType is { } period && (Any(period.Type) || Any(period.Unit)))
            || header.Comments.Any(Any)
            || profile.SampleTypes.Any(t => Any(t.Type) || Any(t.Unit))
            || profile.Mappings.Any(m => Any(m.File) || Any(m.BuildId))
            || profile.Functions.Any(f => Any(f.Name) || Any(f.SystemName) || Any(f.Filename))
            || labels.Any(l => Any(l.Key) || Any(l.Text) || Any(l.NumberUnit));
    }

    private static bool Any(string? value) => value is not null && value.AsSpan().IndexOfAnyInRange('\uDC80', '\uDCFF') >= 0;
}
