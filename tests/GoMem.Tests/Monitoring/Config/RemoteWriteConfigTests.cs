using GoMem.Monitoring.Config;
using GoMem.Monitoring.RemoteWrite;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>The configuration's <c>remote_write</c> section, as Prometheus writes it: every mistake one line with file, line and key.</summary>
public sealed class RemoteWriteConfigTests : IDisposable
{
    private const string Jobs = "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\n";

    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Without_a_section_nothing_is_pushed()
    {
        Assert.Empty(WatchConfigLoader.Load(files.Write("c.yaml", Jobs)).RemoteWrite);
        Assert.Empty(WatchConfigLoader.Load(files.Write("d.yaml", Jobs + "remote_write:\n")).RemoteWrite);
    }

    [Fact]
    public void Each_receiver_has_prometheus_defaults_and_the_settings_written()
    {
        var path = files.Write("c.yaml", Jobs + """
            remote_write:
              - url: http://127.0.0.1:9090/api/v1/write
              - url: https://user:secret@metrics.example/push
                remote_timeout: 10s
                queue_config:
                  capacity: 500
                  max_samples_per_send: 100
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 10s
            """);
        var endpoints = WatchConfigLoader.Load(path).RemoteWrite;

        Assert.Equal(RemoteWriteEndpoint.For(new Uri("http://127.0.0.1:9090/api/v1/write")), endpoints[0]);
        Assert.Equal(
            new RemoteWriteEndpoint(new Uri("https://user:secret@metrics.example/push"), TimeSpan.FromSeconds(10), 500, 100, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)),
            endpoints[1]);
        Assert.Equal("https://metrics.example/push", endpoints[1].DisplayUrl);
        Assert.Equal((10_000, 2_000, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), (endpoints[0].Capacity, endpoints[0].MaxSamplesPerSend, endpoints[0].BatchSendDeadline, endpoints[0].MinBackoff, endpoints[0].MaxBackoff, endpoints[0].RemoteTimeout));
    }

    [Theory]
    [InlineData("remote_write:\n  - remote_timeout: 5s\n", 5, "remote_write[0]", "url is missing")]
    [InlineData("remote_write:\n  - url: 127.0.0.1:9090/api/v1/write\n", 5, "remote_write[0].url", "is not a URL")]
    [InlineData("remote_write:\n  - url: ftp://127.0.0.1/write\n", 5, "remote_write[0].url", "over http or https, not ftp")]
    [InlineData("remote_write:\n  - url: http://h/w\n    queue_config: {capacity: 0}\n", 6, "remote_write[0].queue_config.capacity", "\"0\" is not a whole number from 1 to 10000000")]
    [InlineData("remote_write:\n  - url: http://h/w\n    queue_config: {capacity: 10, max_samples_per_send: 20}\n", 6, "remote_write[0].queue_config.max_samples_per_send", "20 is more than the capacity (10)")]
    [InlineData("remote_write:\n  - url: http://h/w\n    queue_config:\n      min_backoff: 10s\n", 7, "remote_write[0].queue_config.min_backoff", "10s is longer than max_backoff (5s)")]
    [InlineData("remote_write:\n  - url: http://h/w\n    queue_config: {max_shards: 4}\n", 6, "remote_write[0].queue_config.max_shards", "unknown key \"max_shards\"")]
    [InlineData("remote_write:\n  - url: http://h/w\n    remote_timeout: soon\n", 6, "remote_write[0].remote_timeout", "\"soon\" is not a duration")]
    [InlineData("remote_write:\n  url: http://h/w\n", 5, "remote_write", "expected a list")]
    public void A_bad_setting_is_one_line_naming_the_file_line_and_key(string section, long line, string keyPath, string problem)
    {
        var path = files.Write("c.yaml", Jobs + section);
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, keyPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
