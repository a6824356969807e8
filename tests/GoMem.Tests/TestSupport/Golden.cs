namespace GoMem.Tests.TestSupport;

/// <summary>
/// Golden-file assertions for report formats. Set UPDATE_GOLDEN=1 to rewrite the files from the current output
/// (then review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(RepoPaths.Golden, relativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {relativePath} is missing; run the tests with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            Assert.Equal(expected, actual);
        }
    }
}
