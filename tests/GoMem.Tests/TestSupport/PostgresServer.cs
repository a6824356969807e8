using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run, started on first use: <c>initdb</c> into a temporary directory,
/// <c>pg_ctl start</c> listening on 127.0.0.1 at a free port (its Unix socket in that directory, so no clash with a
/// system cluster), fsync off. Each test class instance asks for its own database (<see cref="CreateDatabase"/>).
/// The cluster is stopped (<c>pg_ctl stop -m immediate</c>) and its directory removed when the test process exits,
/// by an exit handler and by a detached watchdog shell (the test host may be killed before its handlers finish); one
/// left behind even so is cleaned up by the next run. PostgreSQL refuses to run as root, so as root the
/// binaries run as the <c>postgres</c> OS user (Debian's package creates it), through <c>runuser</c>.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private const string DirectoryPrefix = "gomem-pg-";
    private const string Superuser = "postgres";
    private static readonly Lazy<string?> Unavailability = new(FindUnavailability);
    private static readonly Lazy<PostgresServer> Started = new(Start);
    private static int _databases;

    private readonly string _bin;
    private readonly string _directory;
    private bool _stopped;

    private PostgresServer(string bin, string directory, int port, TimeSpan startup)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
        Startup = startup;
    }

    /// <summary>Why the tests that need PostgreSQL cannot run here, or null when they can.</summary>
    public static string? Unavailable => Unavailability.Value;

    /// <summary>The cluster of this test run, started on first use.</summary>
    public static PostgresServer Instance => Started.Value;

    /// <summary>
    /// A cluster of one test's own, for a test that stops and restarts the server (which the shared
    /// <see cref="Instance"/> must never be); stopped and removed when disposed.
    /// </summary>
    public static PostgresServer StartPrivate() => Start();

    public int Port { get; }

    /// <summary>How long initdb and pg_ctl start took.</summary>
    public TimeSpan Startup { get; }

    /// <summary>A connection string of the superuser to <paramref name="database"/> (no pooling: tests drop databases).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Pooling = false }.ConnectionString;

    /// <summary>Creates an empty database and returns its <c>postgres://</c> URL.</summary>
    public string CreateDatabase()
    {
        var name = $"gomem_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        Execute($"CREATE DATABASE {name};");
        return $"postgres://{Superuser}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Drops the database a URL of <see cref="CreateDatabase"/> names, closing whatever is still connected.</summary>
    public void DropDatabase(string url) => Execute($"DROP DATABASE IF EXISTS {DatabaseName(url)} WITH (FORCE);");

    public static string DatabaseName(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>Runs SQL on <paramref name="database"/> as the superuser.</summary>
    public void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query of one value on <paramref name="database"/> as the superuser.</summary>
    public object? Scalar(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? FindUnavailability()
    {
        if (Environment.GetEnvironmentVariable("GOMEM_TEST_POSTGRES") == "off")
        {
            return "PostgreSQL tests turned off (GOMEM_TEST_POSTGRES=off)";
        }

        if (!OperatingSystem.IsLinux())
        {
            return "the PostgreSQL tests start a cluster with Linux tools (initdb, pg_ctl, runuser)";
        }

        if (FindBin() is null)
        {
            return "needs PostgreSQL's initdb and pg_ctl (test.sh installs them: apt-get install -y postgresql)";
        }

        if (IsRoot && !File.ReadLines("/etc/passwd").Any(line => line.StartsWith(Superuser + ":", StringComparison.Ordinal)))
        {
            return "running as root, and PostgreSQL refuses root: needs the postgres OS user (Debian's postgresql package creates it)";
        }

        return null;
    }

    private static string? FindBin()
    {
        static bool HasTools(string? dir) => dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        try
        {
            var bin = Run("pg_config", ["--bindir"], check: false).Trim();
            if (HasTools(bin))
            {
                return bin;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH: look where Debian installs the server.
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasTools)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static PostgresServer Start()
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        RemoveAbandonedClusters();
        var bin = FindBin()!;
        var clock = Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        File.WriteAllText(Path.Combine(directory, "owner"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (IsRoot)
        {
            Run("chown", ["-R", $"{Superuser}:", directory]);
        }

        var data = Path.Combine(directory, "data");
        RunPostgres(bin, "initdb", ["-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1", "--no-instructions"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                RunPostgres(bin, "pg_ctl", [
                    "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start", "-o", ServerOptions(port, directory),
                ]);
                var server = new PostgresServer(bin, directory, port, clock.Elapsed);
                StartWatchdog(bin, directory);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between finding it and binding it: try another.
            }
        }
    }

    /// <summary>Stops the server as an operator's restart does (fast shutdown: open connections are cut), keeps it down for <paramref name="down"/>, and starts it again on the same port.</summary>
    public void Restart(TimeSpan down)
    {
        var data = Path.Combine(_directory, "data");
        RunPostgres(_bin, "pg_ctl", ["-D", data, "stop", "-m", "fast", "-w"]);
        Thread.Sleep(down);
        RunPostgres(_bin, "pg_ctl", [
            "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start", "-o",
            ServerOptions(Port, _directory),
        ]);
    }

    public void Dispose() => Stop();

    private static string ServerOptions(int port, string directory) =>
        $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";

    private void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            RunPostgres(_bin, "pg_ctl", ["-D", Path.Combine(_directory, "data"), "stop", "-m", "immediate", "-w"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped: remove what is left.
        }

        // rm rather than Directory.Delete: quicker, and the test host has little time left once the run is over
        // (a directory left behind by a host killed meanwhile is removed by the next run).
        Run("rm", ["-rf", _directory], check: false);
    }

    /// <summary>
    /// A detached shell that waits for this test process to end (however it ends: the test host is given little
    /// time to run exit handlers, and may be killed), then stops the cluster and removes its directory.
    /// </summary>
    private static void StartWatchdog(string bin, string directory)
    {
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var stop = IsRoot ? $"runuser -u {Superuser} -- '{pgCtl}'" : $"'{pgCtl}'";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 0.5; done; "
            + $"{stop} -D '{Path.Combine(directory, "data")}' stop -m immediate -w; rm -rf '{directory}'";
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
    }

    /// <summary>Stops and removes the clusters of earlier test processes that were killed before they could.</summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(directory, "owner");
                if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && IsAlive(pid))
                {
                    continue;
                }

                if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
                {
                    RunPostgres(FindBin()!, "pg_ctl", ["-D", Path.Combine(directory, "data"), "stop", "-m", "immediate", "-w"], check: false);
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or being removed: leave it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string RunPostgres(string bin, string tool, string[] args, bool check = true) =>
        IsRoot ? Run("runuser", ["-u", Superuser, "--", Path.Combine(bin, tool), .. args], check) : Run(Path.Combine(bin, tool), args, check);

    private static string Run(string program, string[] args, bool check = true)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: timed out");
        }

        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit code {process.ExitCode}: {stderr.Result}{stdout}");
        }

        return stdout;
    }
}
