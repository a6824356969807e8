using BenchmarkDotNet.Attributes;
using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.Storage.Monitoring;

namespace GoMem.Bench;

/// <summary>
/// gomem watch --listen at 1,000 targets: what the exposition costs the collector (every target's cycle ending once,
/// as in one 10 s interval) and what one Prometheus scrape of it costs (the whole /metrics page written).
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class ExpositionBenchmarks
{
    private const int Targets = 1000;

    private static readonly RuntimeSample Sample = new()
    {
        Time = DateTimeOffset.UnixEpoch,
        RssBytes = 52_000_000,
        HeapAllocBytes = 20_000_000,
        HeapInuseBytes = 24_000_000,
        NextGcBytes = 40_000_000,
        StackInuseBytes = 655_360,
        Goroutines = 42,
        GcCpuFraction = 0.0125,
        ContainerLimitBytes = 256L << 20,
    };

    private readonly IReadOnlyList<MonitoringFinding> _open = [new(1, "heap-leak", "main.recordSession", Severity.Warning, "Heap grows", "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)];
    private CollectorExposition _exposition = null!;
    private ResolvedTarget[] _targets = null!;
    private CountingStream _scrape = null!;

    [GlobalSetup]
    public void Setup()
    {
        _exposition = new CollectorExposition();
        _targets = [.. Enumerable.Range(0, Targets).Select(i =>
        {
            var address = $"10.0.{i / 256}.{i % 256}:6060";
            return new ResolvedTarget("api", address, new Uri($"http://{address}/"), LabelSet.Of(("job", "api"), ("instance", address), ("env", "prod")), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), EndpointPlan.Default, null, "bench");
        })];
        foreach (var target in _targets)
        {
            _exposition.TargetHeld(target);
        }

        CyclesOfOneInterval();
        _scrape = new CountingStream();
    }

    /// <summary>Each of the 1,000 targets ends one cycle: the exposition's share of one interval of collection.</summary>
    [Benchmark]
    public void CyclesOfOneInterval()
    {
        foreach (var target in _targets)
        {
            _exposition.CycleEnded(target, new CycleOutcome(Sample, true, 0, _open, CycleWrite.Stored), TimeSpan.FromMilliseconds(7));
        }
    }

    /// <summary>One scrape: the whole page (about 13,000 series) written in Prometheus' text format; returns its size.</summary>
    [Benchmark]
    public long Scrape()
    {
        _scrape.SetLength(0);
        _exposition.WriteAsync(_scrape).GetAwaiter().GetResult();
        return _scrape.Length;
    }

    /// <summary>A stream that only counts what is written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => _length = value;

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
