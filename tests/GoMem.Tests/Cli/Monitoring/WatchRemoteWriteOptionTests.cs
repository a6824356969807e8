using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary><c>--remote-write URL</c> on the command line and the config's <c>remote_write</c>, as <c>--check-config</c> shows them, and the usage errors.</summary>
public sealed class WatchRemoteWriteOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-rw-option-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Check_config_shows_the_configs_receivers_then_the_options_with_their_settings()
    {
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\n"
            + "remote_write:\n  - url: https://gomem:secret@metrics.example/api/v1/write\n    remote_timeout: 10s\n    queue_config: {capacity: 50000, max_samples_per_send: 5000, batch_send_deadline: 10s}\n");

        var text = GoMemCli.Run("watch", "--config", config, "--check-config", "--remote-write", "http://127.0.0.1:9090/api/v1/write");
        var json = GoMemCli.Run("watch", "--config", config, "--check-config", "--remote-write", "http://127.0.0.1:9090/api/v1/write", "-f", "json");

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.remote-write.txt"), text.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.remote-write.json"), json.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", text.Stdout + json.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var receivers = document.RootElement.GetProperty("remoteWrite").EnumerateArray().ToList();
        Assert.Equal(["https://metrics.example/api/v1/write", "http://127.0.0.1:9090/api/v1/write"], receivers.Select(r => r.GetProperty("url").GetString()));
        Assert.Equal([50000, 10000], receivers.Select(r => r.GetProperty("capacity").GetInt32()));
    }

    [Theory]
    [InlineData("localhost:9090/api/v1/write", "is not a URL")]
    [InlineData("ftp://127.0.0.1/write", "over http or https, not ftp")]
    public void A_url_that_is_not_http_is_a_usage_error_before_anything_starts(string url, string problem)
    {
        var result = GoMemCli.Run("watch", "http://127.0.0.1:6060", "--store", Path.Combine(_dir, "gomem.db"), "--remote-write", url);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("--remote-write", StringComparison.Ordinal));
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "gomem.db")));
    }
}
