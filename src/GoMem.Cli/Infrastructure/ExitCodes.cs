namespace GoMem.Cli.Infrastructure;

/// <summary>Exit codes shared by every command (1 finding, 2 usage, 3 bad input, 4 I/O or network, 70 internal error).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Finding = 1;
    public const int Usage = 2;
    public const int BadInput = 3;
    public const int IoFailure = 4;

    /// <summary>A bug in gomem (sysexits' EX_SOFTWARE); never used for anything the user can fix.</summary>
    public const int InternalError = 70;
}
