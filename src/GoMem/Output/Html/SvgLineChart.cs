using System.Globalization;
using System.Net;
using System.Text;

namespace GoMem.Output.Html;

/// <summary>One line (or bar series) of a chart: its legend name, CSS colour and points.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Bars = false);

/// <summary>
/// Draws a time-series chart as inline SVG: no script and no external resource, so a report stays one self-contained
/// file that opens anywhere. Long series are thinned to about one point per pixel, keeping each bucket's maximum
/// (peaks are what a reader looks for). Every text is HTML-escaped.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 70;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 34;
    private const int MaxPoints = 1200;

    public static string Render(string title, string xLabel, IReadOnlyList<ChartSeries> series, Func<double, string> formatY)
    {
        double minX = double.MaxValue, maxX = double.MinValue, maxY = 0;
        foreach (var s in series)
        {
            foreach (var (x, y) in s.Points)
            {
                minX = Math.Min(minX, x);
                maxX = Math.Max(maxX, x);
                maxY = Math.Max(maxY, y);
            }
        }

        if (minX > maxX)
        {
            minX = 0;
            maxX = 1;
        }

        if (maxX <= minX)
        {
            maxX = minX + 1;
        }

        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + ((x - minX) / (maxX - minX) * plotWidth);
        double Py(double y) => Top + plotHeight - (y / maxY * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" class=\"title\">{Escape(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var value = maxY * i / 4;
            var y = Py(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" class=\"axis\" text-anchor=\"end\">{Escape(formatY(value))}</text>");
        }

        for (var i = 0; i <= 5; i++)
        {
            var value = minX + ((maxX - minX) * i / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(value))}\" y=\"{Height - 16}\" class=\"axis\" text-anchor=\"middle\">{Escape(value.ToString("0.###", CultureInfo.InvariantCulture))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 2}\" class=\"axis\" text-anchor=\"end\">{Escape(xLabel)}</text>");
        var legendX = Left + 260;
        foreach (var s in series)
        {
            var points = Thin(s.Points, minX, maxX);
            if (s.Bars)
            {
                var barWidth = Math.Max(1.0, plotWidth / (double)Math.Max(points.Count, 1) * 0.6);
                foreach (var (x, y) in points)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Px(x) - (barWidth / 2))}\" y=\"{F(Py(y))}\" width=\"{F(barWidth)}\" height=\"{F(Top + plotHeight - Py(y))}\" fill=\"{s.Color}\"/>");
                }
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.5\" points=\"");
                foreach (var (x, y) in points)
                {
                    svg.Append(F(Px(x))).Append(',').Append(F(Py(y))).Append(' ');
                }

                svg.Append("\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"8\" width=\"12\" height=\"10\" fill=\"{s.Color}\"/><text x=\"{legendX + 16}\" y=\"17\" class=\"legend\">{Escape(s.Name)}</text>");
            legendX += 30 + (s.Name.Length * 7);
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>At most <see cref="MaxPoints"/> points: the maximum of each equal slice of the x range.</summary>
    private static List<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> points, double minX, double maxX)
    {
        if (points.Count <= MaxPoints)
        {
            return [.. points];
        }

        var buckets = new (double X, double Y)?[MaxPoints];
        foreach (var point in points)
        {
            var slot = Math.Min(MaxPoints - 1, (int)((point.X - minX) / (maxX - minX) * MaxPoints));
            if (buckets[slot] is not { } best || point.Y > best.Y)
            {
                buckets[slot] = point;
            }
        }

        var thinned = new List<(double, double)>(MaxPoints);
        foreach (var bucket in buckets)
        {
            if (bucket is { } kept)
            {
                thinned.Add(kept);
            }
        }

        return thinned;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
