namespace GoMem.Benchmarks.Comparison;

/// <summary>
/// Groups benchmark results into tables, rows and columns the way benchstat does by default (tables by file
/// configuration and unit, rows by full name, columns by file), then summarises and compares every cell.
/// Rows, columns and units are ordered by first appearance in the inputs, tables by configuration value (as
/// benchstat orders them), so the output is deterministic.
/// </summary>
public static class ComparisonAnalysis
{
    public static ComparisonReport Analyze(IReadOnlyList<BenchmarkFile> files, CompareOptions options)
    {
        var ignore = options.Ignore.ToHashSet(StringComparer.Ordinal);
        var nameKeysOutOfRows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in new[] { options.Column, options.Row }.Concat(ignore))
        {
            if (key.StartsWith('/'))
            {
                nameKeysOutOfRows.Add(key[1..]);
            }
        }

        var configFields = ConfigFields(files, options, ignore);
        var exactUnits = ExactUnits(files);
        var order = new ObservationOrder();
        var tablesByConfig = new Dictionary<string, Dictionary<string, TableBuilder>>(StringComparer.Ordinal);
        var tableOrder = new List<TableBuilder>();
        var notes = new List<string>();
        var trackFullName = options.Row != ".fullname" && !ignore.Contains(".fullname") && !ignore.Contains(".name");
        var trackFile = options.Column != ".file" && options.Row != ".file" && !ignore.Contains(".file");

        // Work per result line, not per value, and per configuration block, not per result: the parser shares one
        // configuration snapshot across the lines it covers, so its values and tables are looked up when it changes.
        IReadOnlyList<ConfigEntry>? lastConfig = null;
        string[] configValues = [];
        Dictionary<string, TableBuilder> unitTables = [];
        string? lastRow = null, lastColumn = null;
        foreach (var file in files)
        {
            foreach (var result in file.Results)
            {
                var column = Project(result, options.Column, nameKeysOutOfRows);
                if (options.ColumnOrder is { } fixedOrder && !fixedOrder.Contains(column))
                {
                    continue;
                }

                if (!ReferenceEquals(result.Config, lastConfig))
                {
                    lastConfig = result.Config;
                    configValues = new string[configFields.Count];
                    for (var i = 0; i < configFields.Count; i++)
                    {
                        configValues[i] = result.ConfigValue(configFields[i]);
                    }

                    var configKey = string.Join("\u0000", configValues);
                    if (!tablesByConfig.TryGetValue(configKey, out unitTables!))
                    {
                        unitTables = new Dictionary<string, TableBuilder>(StringComparer.Ordinal);
                        tablesByConfig[configKey] = unitTables;
                    }
                }

                var row = Project(result, options.Row, nameKeysOutOfRows);
                var residueName = trackFullName ? result.Name.Without(nameKeysOutOfRows) : "";
                var residueFile = trackFile ? result.File : "";
                var seen = false;
                foreach (var measurement in result.Values)
                {
                    if (!options.Filter.Matches(result, measurement))
                    {
                        continue;
                    }

                    if (!seen)
                    {
                        // Each field's values are numbered in order of first appearance (only the order within a
                        // field counts), so a value already seen by the previous result need not be offered again.
                        seen = true;
                        if (!ReferenceEquals(row, lastRow) || !ReferenceEquals(column, lastColumn))
                        {
                            (lastRow, lastColumn) = (row, column);
                            order.See(".row", row);
                            order.See(".col", column);
                        }
                    }

                    if (!unitTables.TryGetValue(measurement.Unit, out var table))
                    {
                        // A unit first appears where the first table of that unit is made.
                        order.See(".unit", measurement.Unit);
                        table = new TableBuilder(configValues, measurement.Unit);
                        unitTables[measurement.Unit] = table;
                        tableOrder.Add(table);
                    }

                    table.Add(row, column, measurement.Value, residueName, residueFile);
                }
            }
        }

        var sorted = tableOrder
            .OrderBy(t => t, Comparer<TableBuilder>.Create((a, b) => CompareTables(a, b, configFields, order)))
            .ToList();
        var built = new List<ComparisonTable>(sorted.Count);
        foreach (var table in sorted)
        {
            var assumption = exactUnits.Contains(table.Unit) ? UnitAssumption.Exact : UnitAssumption.Nothing;
            var columns = table.Columns.OrderBy(c => options.ColumnOrder is { } o ? o.ToList().IndexOf(c) : order.Index(".col", c)).ToList();
            var rows = table.Rows.OrderBy(r => order.Index(".row", r)).ToList();
            var config = new List<ConfigEntry>(configFields.Count);
            for (var i = 0; i < configFields.Count; i++)
            {
                config.Add(new ConfigEntry(configFields[i], table.Config[i]));
            }

            built.Add(CellStatistics.BuildTable(table, config, assumption, columns, rows, options, trackFullName, trackFile));
        }

        if (built.Count == 0)
        {
            notes.Add(options.Filter == BenchmarkFilter.All
                ? "no benchmark results to compare"
                : $"no benchmark results match the filter \"{options.Filter.Text}\"");
        }

        return new ComparisonReport(built, options.Alpha, options.Confidence, files.Select(f => f.Label).ToList(), notes);
    }

    /// <summary>Every configuration key in order of first appearance, less those used for rows, columns or ignored.</summary>
    private static List<string> ConfigFields(IReadOnlyList<BenchmarkFile> files, CompareOptions options, HashSet<string> ignore)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<string>();
        IReadOnlyList<ConfigEntry>? last = null;
        foreach (var file in files)
        {
            foreach (var result in file.Results)
            {
                if (ReferenceEquals(result.Config, last))
                {
                    continue;
                }

                last = result.Config;
                foreach (var entry in result.Config)
                {
                    if (entry.Key != options.Column && entry.Key != options.Row && !ignore.Contains(entry.Key) && seen.Add(entry.Key))
                    {
                        fields.Add(entry.Key);
                    }
                }
            }
        }

        return fields;
    }

    private static HashSet<string> ExactUnits(IReadOnlyList<BenchmarkFile> files)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var unit in file.Units)
            {
                if (unit.Key == "assume" && unit.Value == "exact")
                {
                    exact.Add(unit.Unit);
                }
            }
        }

        return exact;
    }

    private static string Project(BenchmarkResult result, string key, HashSet<string> nameKeysOutOfRows) => key switch
    {
        ".file" => result.File,
        ".name" => result.Name.Base,
        ".fullname" => result.Name.Without(nameKeysOutOfRows),
        _ when key.StartsWith('/') => result.Name.Get(key[1..]) ?? "",
        _ => result.ConfigValue(key),
    };

    /// <summary>
    /// benchstat's table order: by each configuration value in turn, as strings (benchproc tracks first-observation
    /// order for top-level fields only, so the file keys inside .config fall back to comparing their text; a missing
    /// key is "" and comes first), then by unit in order of first appearance.
    /// </summary>
    private static int CompareTables(TableBuilder a, TableBuilder b, List<string> fields, ObservationOrder order)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var c = GoStringOrder(a.Config[i], b.Config[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return order.Index(".unit", a.Unit).CompareTo(order.Index(".unit", b.Unit));
    }

    /// <summary>Go's string order (UTF-8 bytes, so code points): ordinal UTF-16 order except that surrogates sort above U+E000-U+FFFF.</summary>
    private static int GoStringOrder(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Fix(a[i]).CompareTo(Fix(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);

        static int Fix(char c) => c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
    }

    /// <summary>The order in which each field's values first appeared.</summary>
    private sealed class ObservationOrder
    {
        private readonly Dictionary<(string Field, string Value), int> _index = [];

        public void See(string field, string value) => _index.TryAdd((field, value), _index.Count);

        public int Index(string field, string value) => _index.TryGetValue((field, value), out var i) ? i : int.MaxValue;
    }
}

/// <summary>Cells of one table as they are collected: values and whether the hidden keys (residue) varied in each.</summary>
internal sealed class TableBuilder(string[] config, string unit)
{
    private readonly HashSet<string> _rowSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _columnSet = new(StringComparer.Ordinal);
    private string? _lastRow;
    private string? _lastColumn;
    private RawCell? _lastCell;

    public string[] Config { get; } = config;

    public string Unit { get; } = unit;

    /// <summary>Row keys in order of first appearance in this table.</summary>
    public List<string> Rows { get; } = [];

    /// <summary>Column keys in order of first appearance in this table.</summary>
    public List<string> Columns { get; } = [];

    public Dictionary<(string Row, string Column), RawCell> Cells { get; } = [];

    public void Add(string row, string column, double value, string residueName, string residueFile)
    {
        // A benchmark's samples usually come one after another (go test -count=N): the same strings as the last call.
        var cell = ReferenceEquals(row, _lastRow) && ReferenceEquals(column, _lastColumn) ? _lastCell! : Find(row, column, residueName, residueFile);
        cell.Add(value, residueName, residueFile);
    }

    private RawCell Find(string row, string column, string residueName, string residueFile)
    {
        if (!Cells.TryGetValue((row, column), out var cell))
        {
            cell = new RawCell(residueName, residueFile);
            Cells[(row, column)] = cell;

            // Sets, not List.Contains: a table of 50,000 benchmarks made this step quadratic.
            if (_rowSet.Add(row))
            {
                Rows.Add(row);
            }

            if (_columnSet.Add(column))
            {
                Columns.Add(column);
            }
        }

        (_lastRow, _lastColumn, _lastCell) = (row, column, cell);
        return cell;
    }
}

/// <summary>
/// One cell's values as read, and whether the keys that are neither row nor column (the full name, the file) took
/// more than one value in it, which benchstat warns about.
/// </summary>
internal sealed class RawCell(string firstName, string firstFile)
{
    private double[] _values = new double[4];
    private int _count;

    public bool NamesVary { get; private set; }

    public bool FilesVary { get; private set; }

    /// <summary>The values in the order read, in an array of their own.</summary>
    public double[] ToArray() => _values.AsSpan(0, _count).ToArray();

    public void Add(double value, string name, string file)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _count * 2);
        }

        _values[_count++] = value;
        NamesVary |= !string.Equals(name, firstName, StringComparison.Ordinal);
        FilesVary |= !string.Equals(file, firstFile, StringComparison.Ordinal);
    }
}
