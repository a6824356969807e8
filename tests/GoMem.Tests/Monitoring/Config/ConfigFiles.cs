using GoMem.IO;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>A temporary folder of real configuration and file_sd files, deleted afterwards.</summary>
internal sealed class ConfigFiles : IDisposable
{
    public ConfigFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"gomem-watch-config-{Guid.NewGuid():N}");

    /// <summary>Writes <paramref name="text"/> (newlines as written) to a file under the folder; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Delete(string name) => File.Delete(Path.Combine(Root, name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The error, checked to be one line starting "file:line: key path: ".</summary>
    public static BadInputException Fails(Action load, string path, long line, string keyPath)
    {
        var error = Assert.Throws<BadInputException>(load);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(path, error.Source);
        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith($"{path}:{line}: {keyPath}", error.Message, StringComparison.Ordinal);
        return error;
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
