using System.CommandLine;
using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Runs a command body and turns every expected failure into one line on stderr and an exit code, so no stack
/// trace ever reaches a user: the one place where the library's typed errors become exit codes. Bad data
/// (<see cref="BadInputException"/>) 3; a setting the library refused (<see cref="InvalidSettingException"/>, named by
/// its flag) or a usage error found after parsing 2, pointing at the command's help; files and the network
/// (IOException) 4, a file named as given with one wording per kind of failure (<see cref="FileProblemException"/>);
/// anything else is a bug, 70.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Runs the body of the command <paramref name="invocation"/> reached: a usage error ends with "(see gomem CMD --help)".</summary>
    public static int Run(TextWriter error, ParseResult invocation, Func<int> body) => Run(error, body, " " + UsageErrors.HelpPointer(invocation));

    public static int Run(TextWriter error, Func<int> body) => Run(error, body, "");

    private static int Run(TextWriter error, Func<int> body, string helpPointer)
    {
        try
        {
            return body();
        }
        catch (BadInputException e)
        {
            error.WriteLine("gomem: " + OneLine(e.Message));
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            error.WriteLine("gomem: " + OneLine(e.Message) + helpPointer);
            return ExitCodes.Usage;
        }
        catch (InvalidSettingException e)
        {
            error.WriteLine("gomem: " + OneLine(SettingFlags.Describe(e)) + helpPointer);
            return ExitCodes.Usage;
        }
        catch (ArgumentException e) when (e.ParamName is "path")
        {
            // A path .NET cannot even open (empty, or with a NUL byte): the user's, not a bug.
            error.WriteLine("gomem: " + OneLine(e.Message));
            return ExitCodes.IoFailure;
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine($"gomem: {e.FileName ?? "file"}: no such file");
            return ExitCodes.IoFailure;
        }
        catch (DirectoryNotFoundException e)
        {
            error.WriteLine("gomem: " + OneLine(e.Message));
            return ExitCodes.IoFailure;
        }
        catch (System.Data.Common.DbException e)
        {
            // The store's database refused (locked past the busy timeout, a damaged page, a lost server): not a bug.
            error.WriteLine("gomem: store: " + OneLine(e.Message));
            return ExitCodes.IoFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("gomem: " + OneLine(e.Message));
            return ExitCodes.IoFailure;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine("gomem: out of memory (input too large for this machine; see --max-input-size)");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("GOMEM_DEBUG") != "1")
        {
            // A bug, not the user's fault: still one line, and a code no expected failure uses.
            error.WriteLine($"gomem: internal error: {e.GetType().Name}: {OneLine(e.Message)} (set GOMEM_DEBUG=1 for the stack trace, and please report it)");
            return ExitCodes.InternalError;
        }
    }

    private static string OneLine(string message) => PrintableText.Escape(message.ReplaceLineEndings(" ").Trim());
}

/// <summary>A command-line usage error found after parsing (conflicting or out-of-range options).</summary>
internal sealed class UsageException(string message) : Exception(message);
