using GoMem.IO;

namespace GoMem.Tests.IO;

/// <summary>
/// Go's duration syntax, checked on Go's own tables (time_test.go: parseDurationTests, durationTests) with the
/// tool's two differences (a bare number is seconds, negatives are rejected) and Prometheus' d, w, y on request.
/// </summary>
public sealed class GoDurationTests
{
    private const long Microsecond = 1_000;
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    public static TheoryData<string, long> GoParses => new()
    {
        { "0", 0 },
        { "+0", 0 },
        { "5s", 5 * Second },
        { "30s", 30 * Second },
        { "1478s", 1478 * Second },
        { "+5s", 5 * Second },
        { "5.0s", 5 * Second },
        { "5.6s", (5 * Second) + (600 * Millisecond) },
        { "5.s", 5 * Second },
        { ".5s", 500 * Millisecond },
        { "1.004s", Second + (4 * Millisecond) },
        { "100.00100s", (100 * Second) + Millisecond },
        { "10ns", 10 },
        { "11us", 11 * Microsecond },
        { "12µs", 12 * Microsecond },
        { "12μs", 12 * Microsecond },
        { "300us", 300 * Microsecond },
        { "500ms", 500 * Millisecond },
        { "15m", 15 * Minute },
        { "2h", 2 * Hour },
        { "1.5h", 90 * Minute },
        { "1m30s", 90 * Second },
        { "3h30m", (3 * Hour) + (30 * Minute) },
        { "10.5s4m", (4 * Minute) + (10 * Second) + (500 * Millisecond) },
        { "1h2m3s4ms5us6ns", Hour + (2 * Minute) + (3 * Second) + (4 * Millisecond) + (5 * Microsecond) + 6 },
        { "39h9m14.425s", (39 * Hour) + (9 * Minute) + (14 * Second) + (425 * Millisecond) },
        { "52763797000ns", 52763797000 },
        { "0.3333333333333333333h", 20 * Minute },
        { "9007199254740993ns", (1L << 53) + 1 },
        { "9223372036854775807ns", long.MaxValue },
        { "9223372036854775.807us", long.MaxValue },
        { "9223372036s854ms775us807ns", long.MaxValue },
        { "0.100000000000000000000h", 6 * Minute },
        { "0.830103483285477580700h", (49 * Minute) + (48 * Second) + 372539827 },
        // The tool's own rule: a bare number is seconds.
        { "30", 30 * Second },
        { "1.5", 1500 * Millisecond },
        { "5.", 5 * Second },
    };

    [Theory]
    [MemberData(nameof(GoParses))]
    public void Parses_as_go_does(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParseNanoseconds(text, allowDaysWeeksYears: false, out var parsed), text);
        Assert.Equal(nanoseconds, parsed);
        Assert.True(GoDuration.TryParseNanoseconds(text, allowDaysWeeksYears: true, out parsed), text);
        Assert.Equal(nanoseconds, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("-1s")]
    [InlineData("-5s")]
    [InlineData("-0")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("s")]
    [InlineData(".")]
    [InlineData(".s")]
    [InlineData("+.s")]
    [InlineData("1x")]
    [InlineData("1d")]
    [InlineData("1S")]
    [InlineData("1 s")]
    [InlineData(" 1s")]
    [InlineData("1s ")]
    [InlineData("1m30")]
    [InlineData("1..5s")]
    [InlineData("\u0085\u0085")]
    [InlineData("hello world")]
    [InlineData("9223372036854775808ns")]
    [InlineData("9223372036854775.808us")]
    [InlineData("9223372036854ms775us808ns")]
    [InlineData("2562048h")]
    [InlineData("99999999999999999999s")]
    [InlineData("9223372037")]
    public void Rejects_what_go_rejects_and_negatives(string? text) =>
        Assert.False(GoDuration.TryParseNanoseconds(text, allowDaysWeeksYears: false, out _), text);

    [Theory]
    [InlineData("1d", 24 * Hour)]
    [InlineData("1w", 7 * 24 * Hour)]
    [InlineData("1y", 365 * 24 * Hour)]
    [InlineData("2w3d", 17 * 24 * Hour)]
    [InlineData("1y2w3d4h5m6s7ms", ((((365 + 14 + 3) * 24) + 4) * Hour) + (5 * Minute) + (6 * Second) + (7 * Millisecond))]
    [InlineData("5m", 5 * Minute)]
    [InlineData("1h", Hour)]
    [InlineData("1.5d", 36 * Hour)]
    [InlineData("292y", 292 * 365 * 24 * Hour)]
    public void Reads_prometheus_days_weeks_and_years_when_asked(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParseNanoseconds(text, allowDaysWeeksYears: true, out var parsed), text);
        Assert.Equal(nanoseconds, parsed);
        if (text.AsSpan().IndexOfAny("dwy") >= 0)
        {
            Assert.False(GoDuration.TryParse(text, out _), "Go's syntax has no " + text);
        }
    }

    [Theory]
    [InlineData("293y")]
    [InlineData("1dd")]
    [InlineData("1D")]
    [InlineData("-1d")]
    public void Rejects_bad_prometheus_durations(string text) =>
        Assert.False(GoDuration.TryParseNanoseconds(text, allowDaysWeeksYears: true, out _), text);

    [Theory]
    [InlineData("500ms", 5_000_000)]
    [InlineData("1m30s", 900_000_000)]
    [InlineData("10ns", 0)]
    [InlineData("150ns", 2)]
    [InlineData("149ns", 1)]
    [InlineData("30", 300_000_000)]
    [InlineData("9223372036854775807ns", long.MaxValue / 100)]
    public void Rounds_to_the_nearest_timespan_tick(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromTicks(ticks), duration);
    }

    public static TheoryData<string, long> GoPrints => new()
    {
        { "0s", 0 },
        { "1ns", 1 },
        { "1.1µs", 1100 },
        { "2.2ms", 2200 * Microsecond },
        { "3.3s", 3300 * Millisecond },
        { "4m5s", (4 * Minute) + (5 * Second) },
        { "4m5.001s", (4 * Minute) + (5001 * Millisecond) },
        { "5h6m7.001s", (5 * Hour) + (6 * Minute) + (7001 * Millisecond) },
        { "8m0.000000001s", (8 * Minute) + 1 },
        { "2562047h47m16.854775807s", long.MaxValue },
        { "-2562047h47m16.854775808s", long.MinValue },
        { "1m30s", 90 * Second },
        { "2h0m0s", 2 * Hour },
        { "500ms", 500 * Millisecond },
        { "-1.5s", -1500 * Millisecond },
    };

    [Theory]
    [MemberData(nameof(GoPrints))]
    public void Prints_as_go_does(string text, long nanoseconds) => Assert.Equal(text, GoDuration.FormatNanoseconds(nanoseconds));

    [Theory]
    [InlineData("1m30s")]
    [InlineData("500ms")]
    [InlineData("2h0m0s")]
    [InlineData("300µs")]
    [InlineData("1.5µs")]
    [InlineData("39h9m14.425s")]
    public void Formatting_a_timespan_reads_back_the_same(string text)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(text, GoDuration.Format(duration));
    }

    [Fact]
    public void Formats_every_timespan_even_beyond_go_s_range()
    {
        Assert.Equal("256204778h48m5.4775807s", GoDuration.Format(TimeSpan.MaxValue));
        Assert.Equal("-256204778h48m5.4775808s", GoDuration.Format(TimeSpan.MinValue));
    }
}
