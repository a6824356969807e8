using GoMem.Goroutines;

namespace GoMem.Output.Goroutines;

/// <summary>The names the goroutine renderers give a dump's format and a grouping.</summary>
internal static class GoroutineText
{
    public static string FormatName(GoroutineDumpFormat format) => format switch
    {
        GoroutineDumpFormat.Proto => "proto",
        GoroutineDumpFormat.Debug1 => "debug=1",
        GoroutineDumpFormat.Debug2 => "debug=2",
        _ => "crash log",
    };

    public static string GroupingName(GoroutineGrouping grouping) => grouping switch
    {
        GoroutineGrouping.TopFunction => "top function",
        GoroutineGrouping.CreationSite => "creation site",
        _ => "stack",
    };
}
