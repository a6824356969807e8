using GoMem.Cli.Infrastructure;

namespace GoMem.Tests.Cli.Infrastructure;

public sealed class PprofFlagAliasesTests
{
    [Theory]
    [InlineData("-sample_index=alloc_space", "--sample-index alloc_space")]
    [InlineData("-sample_index alloc_space", "--sample-index alloc_space")]
    [InlineData("--sample_index=inuse_objects", "--sample-index inuse_objects")]
    [InlineData("-nodecount=5 -cum", "--nodecount 5 --cum")]
    [InlineData("-edgefraction=0 -nodefraction=0.01", "--edgefraction 0 --nodefraction 0.01")]
    [InlineData("--edgefraction 0.2", "--edgefraction 0.2")]
    [InlineData("-lines", "--granularity lines")]
    [InlineData("-inuse_objects", "--sample-index inuse_objects")]
    [InlineData("-diff_base=old.pb.gz new.pb.gz", "--base old.pb.gz new.pb.gz")]
    [InlineData("-flat heap.pb.gz", "heap.pb.gz")]
    [InlineData("--focus=main --nodecount 3", "--focus main --nodecount 3")]
    [InlineData("-- -lines", "-- -lines")]
    [InlineData("-o out.txt", "-o out.txt")]
    public void Pprof_spellings_become_gomem_options(string input, string expected)
    {
        Assert.Equal(expected, string.Join(' ', PprofFlagAliases.Normalize(input.Split(' '))));
    }
}
