namespace GoMem.Output.Escape;

/// <summary>Small text helpers shared by the escape renderers.</summary>
internal static class EscapeText
{
    /// <summary>A log's name as shown in reports: its folder and file name (no machine path).</summary>
    public static string DisplayName(string source)
    {
        if (source is "-" or "stdin")
        {
            return "stdin";
        }

        var file = Path.GetFileName(source);
        var folder = Path.GetFileName(Path.GetDirectoryName(source) ?? "");
        return string.IsNullOrEmpty(folder) ? file : folder + "/" + file;
    }

    public static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";

    public static string FunctionLabel(string function) => function.Length == 0 ? "(function not known)" : function;
}
