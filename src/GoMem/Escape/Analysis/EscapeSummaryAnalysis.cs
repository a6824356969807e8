using System.Collections.Immutable;

namespace GoMem.Escape.Analysis;

/// <summary>Builds <see cref="EscapeSummary"/>: findings grouped by package, file and function, the worst first.</summary>
public static class EscapeSummaryAnalysis
{
    public static EscapeSummary Analyze(EscapeLog log)
    {
        var explained = ImmutableArray.CreateBuilder<ExplainedFinding>(log.Findings.Length);
        var byFunction = new Dictionary<(string Package, string File, string Function), List<EscapeFinding>>();
        foreach (var f in log.Findings)
        {
            explained.Add(EscapeExplainer.Explain(f));
            if (f.Kind is EscapeKind.InliningCall or EscapeKind.Devirtualizing || (f.Kind is EscapeKind.CanInline or EscapeKind.CannotInline && Parsing.FunctionScopes.IsClosure(f.Name)))
            {
                continue; // call sites and closures' own decisions do not describe the enclosing function
            }

            var key = (f.Package, f.File, f.Function);
            if (!byFunction.TryGetValue(key, out var list))
            {
                list = [];
                byFunction[key] = list;
            }

            list.Add(f);
        }

        var functions = byFunction.Select(pair => Function(pair.Key.Package, pair.Key.File, pair.Key.Function, pair.Value)).ToList();
        var packages = functions
            .GroupBy(f => f.Package, StringComparer.Ordinal)
            .Select(p =>
            {
                var files = p.GroupBy(f => f.File, StringComparer.Ordinal)
                    .Select(g => new FileEscapes(g.Key, g.Sum(f => f.HeapAllocations), g.Sum(f => f.LeakingParams), [.. g.OrderBy(f => f, WorstFirst.Instance)]))
                    .OrderByDescending(f => f.HeapAllocations).ThenByDescending(f => f.LeakingParams).ThenBy(f => f.File, StringComparer.Ordinal)
                    .ToImmutableArray();
                return new PackageEscapes(p.Key, files.Sum(f => f.HeapAllocations), files.Sum(f => f.LeakingParams), files);
            })
            .OrderByDescending(p => p.HeapAllocations).ThenByDescending(p => p.LeakingParams).ThenBy(p => p.Package, StringComparer.Ordinal)
            .ToImmutableArray();

        return new EscapeSummary(log.Source, log.DetailLevel, log.LineCount, log.UnknownLineCount, log.UnknownSamples, Totals(log), packages, explained.MoveToImmutable()) { IsJsonLog = log.IsJsonLog };
    }

    private static FunctionEscapes Function(string package, string file, string function, List<EscapeFinding> findings)
    {
        int moved = 0, escapes = 0, leaks = 0;
        bool? inlinable = null;
        int? cost = null;
        string? reason = null;
        var listed = ImmutableArray.CreateBuilder<ExplainedFinding>();
        foreach (var f in findings)
        {
            switch (f.Kind)
            {
                case EscapeKind.MovedToHeap:
                    moved++;
                    break;
                case EscapeKind.Escapes:
                    escapes++;
                    break;
                case EscapeKind.LeakingParam or EscapeKind.LeakingParamContent or EscapeKind.LeakingClosureReference:
                    leaks++;
                    break;
                case EscapeKind.CanInline when f.Name == function && function.Length > 0:
                    (inlinable, cost) = (true, f.Cost);
                    break;
                case EscapeKind.CannotInline when f.Name == function && function.Length > 0:
                    (inlinable, reason) = (false, f.Detail);
                    break;
            }

            if (EscapeKinds.IsEscape(f.Kind) || f.Kind == EscapeKind.LeakingParamToResult)
            {
                listed.Add(EscapeExplainer.Explain(f));
            }
        }

        var ordered = listed.OrderBy(e => e.Finding.Line).ThenBy(e => e.Finding.Column).ThenBy(e => e.Finding.Name, StringComparer.Ordinal).ToImmutableArray();
        return new FunctionEscapes(package, file, function, moved, escapes, leaks, inlinable, cost, reason, ordered);
    }

    private static EscapeTotals Totals(EscapeLog log)
    {
        var counts = new int[Enum.GetValues<EscapeKind>().Length];
        foreach (var f in log.Findings)
        {
            counts[(int)f.Kind]++;
        }

        return new EscapeTotals(
            log.Findings.Length,
            counts[(int)EscapeKind.MovedToHeap],
            counts[(int)EscapeKind.Escapes],
            counts[(int)EscapeKind.LeakingParam] + counts[(int)EscapeKind.LeakingParamContent] + counts[(int)EscapeKind.LeakingClosureReference],
            counts[(int)EscapeKind.DoesNotEscape],
            counts[(int)EscapeKind.CanInline],
            counts[(int)EscapeKind.CannotInline],
            counts[(int)EscapeKind.InliningCall],
            counts[(int)EscapeKind.Devirtualizing]);
    }

    /// <summary>Most heap allocations first, then most leaks, then not inlinable, then by name.</summary>
    private sealed class WorstFirst : IComparer<FunctionEscapes>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(FunctionEscapes? x, FunctionEscapes? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : 1) : -1;
            }

            var c = y.HeapAllocations.CompareTo(x.HeapAllocations);
            if (c == 0)
            {
                c = y.LeakingParams.CompareTo(x.LeakingParams);
            }

            if (c == 0)
            {
                c = (x.Inlinable == false ? 0 : 1).CompareTo(y.Inlinable == false ? 0 : 1);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Function, y.Function);
        }
    }
}
