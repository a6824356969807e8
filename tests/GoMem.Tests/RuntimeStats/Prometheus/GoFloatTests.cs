using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.Tests.RuntimeStats.Prometheus;

/// <summary>Values checked against Go 1.19's strconv.ParseFloat(s, 64) (bits of the result, and whether it errs).</summary>
public sealed class GoFloatTests
{
    [Theory]
    [InlineData("0", 0x0000000000000000UL)]
    [InlineData("-0", 0x8000000000000000UL)]
    [InlineData("1_000", 0x408f400000000000UL)]
    [InlineData("1_000.5", 0x408f440000000000UL)]
    [InlineData(".5", 0x3fe0000000000000UL)]
    [InlineData("5.", 0x4014000000000000UL)]
    [InlineData("1.e3", 0x408f400000000000UL)]
    [InlineData("1E+3", 0x408f400000000000UL)]
    [InlineData("+.5e-1", 0x3fa999999999999aUL)]
    [InlineData("00012", 0x4028000000000000UL)]
    [InlineData("1.9248392e+07", 0x41725b5080000000UL)]
    [InlineData("0.1", 0x3fb999999999999aUL)]
    [InlineData("1e308", 0x7fe1ccf385ebc8a0UL)]
    [InlineData("4.9e-324", 0x0000000000000001UL)]
    [InlineData("2.4e-324", 0x0000000000000000UL)]
    [InlineData("1e-400", 0x0000000000000000UL)]
    [InlineData("123456789012345678901234567890", 0x45f8ee90ff6c373eUL)]
    [InlineData("Inf", 0x7ff0000000000000UL)]
    [InlineData("+inf", 0x7ff0000000000000UL)]
    [InlineData("inF", 0x7ff0000000000000UL)]
    [InlineData("-Inf", 0xfff0000000000000UL)]
    [InlineData("-Infinity", 0xfff0000000000000UL)]
    [InlineData("+Infinity", 0x7ff0000000000000UL)]
    [InlineData("0x1p-2", 0x3fd0000000000000UL)]
    [InlineData("0x1.8p1", 0x4008000000000000UL)]
    [InlineData("0X1P+2", 0x4010000000000000UL)]
    [InlineData("0x_1p0", 0x3ff0000000000000UL)]
    [InlineData("0x1_0p0", 0x4030000000000000UL)]
    [InlineData("0x.8p1", 0x3ff0000000000000UL)]
    [InlineData("0x.1p4", 0x3ff0000000000000UL)]
    [InlineData("-0x1.8p1", 0xc008000000000000UL)]
    [InlineData("0x1.fffffffffffff8p0", 0x4000000000000000UL)]
    [InlineData("0x1.fffffffffffff7ffp0", 0x3fffffffffffffffUL)]
    [InlineData("0x1.fffffffffffff800000001p0", 0x4000000000000000UL)]
    [InlineData("0x1.00000000000008p0", 0x3ff0000000000000UL)]
    [InlineData("0x1.00000000000018p0", 0x3ff0000000000002UL)]
    [InlineData("0x123456789abcdef0123p0", 0x44723456789abcdfUL)]
    [InlineData("0x1p1023", 0x7fe0000000000000UL)]
    [InlineData("0x1.fffffffffffffp1023", 0x7fefffffffffffffUL)]
    [InlineData("0x1p-1074", 0x0000000000000001UL)]
    [InlineData("0x1p-1075", 0x0000000000000000UL)]
    [InlineData("0x1.8p-1075", 0x0000000000000001UL)]
    [InlineData("0x1.0000000001p-1075", 0x0000000000000001UL)]
    [InlineData("0x3p-1076", 0x0000000000000001UL)]
    [InlineData("0x0.0000000000001p-1022", 0x0000000000000001UL)]
    [InlineData("0x1p-2000", 0x0000000000000000UL)]
    public void Parses_like_go(string text, ulong bits)
    {
        Assert.Equal(GoFloat.Result.Ok, GoFloat.Parse(text, out var value));
        Assert.Equal(bits, BitConverter.DoubleToUInt64Bits(value));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("NAN")]
    public void NaN_is_accepted_without_a_sign(string text)
    {
        Assert.Equal(GoFloat.Result.Ok, GoFloat.Parse(text, out var value));
        Assert.True(double.IsNaN(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+NaN")]
    [InlineData("-nan")]
    [InlineData("infin")]
    [InlineData("0x10")]
    [InlineData("_1")]
    [InlineData("1__0")]
    [InlineData("1_e3")]
    [InlineData("1_")]
    [InlineData("0b101")]
    [InlineData("0o17")]
    [InlineData("1e")]
    [InlineData("e3")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("0x1p")]
    [InlineData("0xp1")]
    [InlineData("∞")]
    [InlineData("١٢")]
    public void Rejects_what_go_rejects(string text)
    {
        Assert.Equal(GoFloat.Result.Syntax, GoFloat.Parse(text, out _));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.7976931348623159e308")]
    [InlineData("0x1p1024")]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("0x1p99999999999")]
    public void Overflow_is_out_of_range_as_in_go(string text)
    {
        Assert.Equal(GoFloat.Result.OutOfRange, GoFloat.Parse(text, out _));
    }
}
