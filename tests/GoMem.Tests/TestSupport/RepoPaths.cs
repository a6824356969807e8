namespace GoMem.Tests.TestSupport;

/// <summary>Locations of fixtures: the repository's testdata/ and golden files, and the shared conformance corpus beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestData => Path.Combine(Root, "testdata");

    /// <summary>The dashboard's front end (package.json, sources, browser tests).</summary>
    public static string Web => Path.Combine(Root, "web");

    public static string Golden => Path.Combine(Root, "tests", "golden");

    /// <summary>../shared/conformance next to the checkout (present on developer machines and in CI).</summary>
    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    public static string Scenario(string name, string file) => Path.Combine(TestData, name, file);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GoMem.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (GoMem.slnx) above " + AppContext.BaseDirectory);
    }
}
