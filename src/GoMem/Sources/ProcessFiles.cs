using System.Globalization;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>A process of this machine, read through /proc.</summary>
public static class ProcessFiles
{
    /// <summary>/proc/PID, or one I/O error line when there is no such process here.</summary>
    public static string Directory(int pid)
    {
        var proc = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture));
        return pid > 0 && System.IO.Directory.Exists(proc) ? proc : throw new IOException($"no process {pid} (nothing at {proc})");
    }

    /// <summary>/proc/PID/status now; a process that has exited is one clear line.</summary>
    public static byte[] ReadStatus(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(path, $"cannot read the status of process {pid.ToString(CultureInfo.InvariantCulture)} (exited, or not visible here): {e.Message}");
        }
    }
}
