using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>A byte-size option (512KiB, 64MiB, 1.5GB, 1073741824): the value, null when not given, or one usage line.</summary>
internal static class SizeOption
{
    /// <param name="offMeansNone">Accept "off" as not given (GOMEMLIMIT's own spelling).</param>
    public static long? Parse(string? text, string option, bool offMeansNone = false)
    {
        if (text is null || (offMeansNone && text.Equals("off", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return ByteSize.TryParse(text, out var bytes) && bytes > 0
            ? bytes
            : throw new UsageException($"{option}: \"{text}\" is not a size (e.g. 512MiB, 1.5GB, 1073741824)");
    }
}
