using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using ValueType = GoMem.Profiles.ValueType;

namespace GoMem.Tests.Profiles.Analysis;

/// <summary>
/// pprof's symbolizer heuristics on names it did not demangle (internal/symbolizer: looksLikeDemangledCPlusPlus,
/// removeMatching); each expected value is what Go 1.19's vendored pprof code returns for the input.
/// </summary>
public sealed class ReportNamesTests
{
    [Theory]
    [InlineData("main.Alloc[go.shape.interface { Reset(); Size() int }_0]", "main.Alloc[go.shape.interface { Reset; Size int }_0]")]
    [InlineData("main.Apply[go.shape.func(int) []uint8_0]", "main.Apply[go.shape.func []uint8_0]")]
    [InlineData("type..eq.[2]struct { F func() }", "type..eq.[2]struct { F func }")]
    [InlineData("std::vector<int>::push_back(int const&)", "std::vector::push_back")]
    [InlineData("a::f(g(int), h())", "a::f")]
    [InlineData("x<y(z)>w", "xw")]
    [InlineData("a::foo(bar))baz(x)", "a::foo)baz(x)")] // an unmatched ")" stops the removal; what went before stays removed
    [InlineData("a::b<c>>d<e>", "a::b>d<e>")]
    [InlineData("a::f(int", "a::f(int")] // a "(" never closed stays
    [InlineData("main.Drain[go.shape.<-chan int_0]", "main.Drain[go.shape.<-chan int_0]")]
    [InlineData("main.(*Stack[go.shape.interface { Reset(); Size() int }_0]).Push", "main.(*Stack[go.shape.interface { Reset(); Size() int }_0]).Push")] // "]).": a Go method
    [InlineData("com.example.Foo.<init>(int)", "com.example.Foo.<init>(int)")] // ".<": Java
    [InlineData("main.(*T).Method", "main.(*T).Method")] // no bracket, no "::": not C++
    [InlineData("main.Map[...]", "main.Map[...]")]
    [InlineData("", "")]
    public void Names_that_look_like_demangled_cplusplus_lose_parameters_and_template_arguments(string name, string expected)
    {
        Assert.Equal(expected, ReportNames.Simplify(name));
    }

    [Fact]
    public void A_name_unchanged_is_the_same_string()
    {
        const string name = "runtime.mallocgc";
        Assert.Same(name, ReportNames.Simplify(name));
    }

    [Fact]
    public void A_name_other_than_its_system_name_is_kept_and_an_empty_one_is_the_simplified_system_name()
    {
        var builder = new ProfileBuilder();
        builder.AddSampleType(new ValueType("samples", "count"));
        builder.AddFunction(new Function(1, "a::f(int)", "_Z1fi", "", 0)); // demangled by its producer: kept
        builder.AddFunction(new Function(2, "", "b::g(int)", "", 0));
        builder.AddFunction(new Function(3, "c::h(int)", "c::h(int)", "", 0));
        builder.AddFunction(new Function(4, "", "", "", 0));

        Assert.Equal(["a::f(int)", "b::g", "c::h", ""], ReportNames.Of(builder.Build()));
    }
}
