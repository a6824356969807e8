namespace GoMem.Cli.Infrastructure;

/// <summary>Exit codes shared by every command (see docs: 1 finding, 2 usage, 3 bad input, 4 I/O).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Finding = 1;
    public const int Usage = 2;
    public const int BadInput = 3;
    public const int IoFailure = 4;
}
