using System.Globalization;
using System.Text;

namespace GoMem.Profiles.Analysis;

/// <summary>
/// The identity of a report node (pprof's NodeInfo): frames with equal keys merge. Which fields are filled depends
/// on the granularity; Objfile and StartLine are kept only for frames without a function name, as in pprof.
/// </summary>
internal readonly record struct NodeKey(string Name, ulong Address, string File, long StartLine, long LineNumber, string Objfile)
{
    /// <summary>pprof's PrintableName: address, function, then file:line, file, [binary] or &lt;unknown&gt;.</summary>
    public string PrintableName()
    {
        var sb = new StringBuilder();
        if (Address != 0)
        {
            sb.Append(Address.ToString("x16", CultureInfo.InvariantCulture));
        }

        void Part(string text)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(text);
        }

        if (Name.Length > 0)
        {
            Part(Name);
        }

        if (LineNumber != 0)
        {
            Part(File + ":" + LineNumber.ToString(CultureInfo.InvariantCulture));
        }
        else if (File.Length > 0)
        {
            Part(File);
        }
        else if (Name.Length > 0)
        {
            // The function name is the whole story.
        }
        else if (Objfile.Length > 0)
        {
            Part("[" + GoPath.Base(Objfile) + "]");
        }
        else
        {
            Part("<unknown>");
        }

        return sb.ToString();
    }

    /// <summary>Go's fmt.Sprint of pprof's NodeInfo, the last tie-breaker when sorting nodes.</summary>
    public string GoSprint() => string.Create(CultureInfo.InvariantCulture, $"{{{Name}  {Address} {File} {StartLine} {LineNumber} {Objfile}}}");
}
