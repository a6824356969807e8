using GoMem.Profiles.Analysis;

namespace GoMem.Tests.Profiles.Analysis;

/// <summary>Go's filepath.Clean and Base, and pprof's trimming of build-directory prefixes (expected values from Go).</summary>
public sealed class GoPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("/a//b/./c/", "/a/b/c")]
    [InlineData("../../x", "../../x")]
    [InlineData("/../x", "/x")]
    [InlineData("net/http/server.go", "net/http/server.go")]
    [InlineData("./main.go", "main.go")]
    [InlineData("a/..", ".")]
    public void Clean_matches_go(string path, string expected) => Assert.Equal(expected, GoPath.Clean(path));

    [Theory]
    [InlineData("/opt/gomem-examples/leakymap", "leakymap")]
    [InlineData("leakymap", "leakymap")]
    [InlineData("/a/b/", "b")]
    [InlineData("///", "/")]
    [InlineData("", ".")]
    public void Base_matches_go(string path, string expected) => Assert.Equal(expected, GoPath.Base(path));

    [Theory]
    [InlineData("/proc/self/cwd/./pkg/a.go", "pkg/a.go")]
    [InlineData("/proc/self/cwd/pkg/a.go", "pkg/a.go")]
    [InlineData("/build/src/pkg/a.go", "/build/src/pkg/a.go")]
    public void Build_directory_prefixes_are_trimmed(string path, string expected) => Assert.Equal(expected, GoPath.TrimSourcePath(path));

    [Fact]
    public void Configured_prefixes_are_trimmed_first() => Assert.Equal("pkg/a.go", GoPath.TrimSourcePath("/build/src/pkg/a.go", ["/build/src"]));
}
