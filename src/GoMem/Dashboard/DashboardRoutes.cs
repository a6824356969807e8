using GoMem.IO;
using GoMem.Output.Benchmarks;
using GoMem.Output.Dashboard;
using GoMem.Storage.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GoMem.Dashboard;

/// <summary>The API's paths, each one query of <see cref="DashboardQueries"/> (or the diff, findings and bench history beside it) and its description in the OpenAPI document.</summary>
internal static class DashboardRoutes
{
    private const string TimeSyntax = "RFC 3339, 'now' or a duration ago such as -2h";

    public static void Map(WebApplication app, DashboardServer.StoreReads reads)
    {
        app.MapOpenApi("/api/openapi.json");
        var api = app.MapGroup("/api");
        // The request delegate generator binds an array from the body unless told [FromQuery], and calls it required without a default.
        api.MapGet("/targets", (string? job, [FromQuery] string[]? label = null) => reads.Answer(store =>
                TypedResults.Ok(DashboardQueries.Overview(store, reads.Name, OverviewFilter.Parse(job, label)))))
            .WithSummary("The targets of a job (job=, default any) with every label given (label=name=value, repeatable), each with its health, latest RSS, heap in use and goroutines, an RSS sparkline, its alerts firing or pending and its open findings; those with a firing alert or an open finding first. Also every job of the store and how many targets it holds.")
            .Produces<FleetOverview>();
        api.MapGet("/targets/{id:long}/series", (long id, string? from, string? to) => reads.Answer(store =>
            {
                var end = Moment(to, "to");
                return TypedResults.Ok(DashboardQueries.Series(store, reads.Name, id, Moment(from, "from"), end));
            }))
            .WithSummary($"A target's RSS, heap alloc and in use, next GC, stacks, goroutines, GC CPU fraction, pause p99 and container limit over a span (default: the hour before its latest sample); rollups before the raw samples, as gomem history picks them; its events (restarts, outages) and alerts in the span, for annotations; the profile kinds stored for it. from and to: {TimeSyntax}.")
            .Produces<SeriesView>();
        api.MapGet("/targets/{id:long}/profile", (long id, string? kind, string? at, string? sampleType, string? focus) => reads.Answer(store =>
            {
                var view = DashboardQueries.Profile(store, reads.Name, id, kind ?? ProfileKinds.Heap, Moment(at, "at"), new ProfileSelection(sampleType, focus));
                return Json(body => ProfileViewJsonRenderer.Write(body, view));
            }))
            .WithSummary("The stored profile (kind heap, allocs or goroutine; default heap) nearest a moment (default: the latest): the snapshot, 'top' exactly as gomem top --format json writes it, and 'flame', the flame graph's pre-order tree (depth, name index, inline, weight, value, self per node) that gomem flame draws. sampleType: as gomem top --sample-index (default: the profile's default, inuse_space for heap); focus: a regexp, as gomem top --focus (only samples with a matching frame).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet("/targets/{id:long}/diff", (long id, string? kind, string? baseFrom, string? baseTo, string? newFrom, string? newTo, string? sampleType, string? focus) => reads.Answer(store =>
            {
                var view = DashboardDiff.Analyze(
                    store,
                    reads.Name,
                    id,
                    kind ?? ProfileKinds.Heap,
                    (Required(baseFrom, "baseFrom"), Required(baseTo, "baseTo")),
                    (Required(newFrom, "newFrom"), Required(newTo, "newTo")),
                    new ProfileSelection(sampleType, focus));
                return Json(body => DiffViewJsonRenderer.Write(body, view));
            }))
            .WithSummary($"The diff between two time ranges of the target's stored profiles (kind heap, allocs or goroutine; default heap), as gomem diff: each range stands for the mean of the snapshots stored in it, the newer range minus the base, percentages of the base total. baseFrom, baseTo, newFrom, newTo: {TimeSyntax}. The ranges with their snapshots, 'top' as gomem diff --format json writes it (rows with base and new), and 'flame', the diff's tree as gomem flame --base draws it (base and new per node). sampleType and focus as for the profile.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapGet("/targets/{id:long}/findings", (long id) => reads.Answer(store => TypedResults.Ok(DashboardFindings.Analyze(store, reads.Name, id))))
            .WithSummary("The target's findings, open first: for a leak, the verdict gomem leak gives on the stored profiles of the collector's window at its last-seen time (what grows, the stack, the growth per minute, the window), and the ranges of the diff that shows it.")
            .Produces<TargetFindings>();
        api.MapGet("/targets/{id:long}/goroutines", (long id, string? at, string? top) => reads.Answer(store =>
                TypedResults.Ok(DashboardGoroutines.Analyze(store, reads.Name, id, Moment(at, "at"), Count(top, "top") ?? DashboardGoroutines.DefaultTop))))
            .WithSummary("The goroutine groups of the stored goroutine profile nearest a moment (at; default: the latest), as gomem goroutines lists them for that profile (grouped by stack, its default ignore list, largest first; top: the most groups, default 20, 0 for all): per group the function its goroutines are parked in, their count and share of all goroutines (percent), their creator and labels when the profile has them, the stack, and the count in the target's previous stored goroutine profile with the growth since (a group that keeps growing is a goroutine leak).")
            .Produces<GoroutineGroupsView>();
        api.MapGet("/bench/history", (string? filter) => reads.AnswerBench(bench =>
            {
                var report = DashboardBench.History(bench, filter);
                return Json(body =>
                {
                    HistoryJsonRenderer.Write(body, report);
                    body.WriteByte((byte)'\n');
                });
            }))
            .WithSummary("The benchmark history of the store gomem bench record fills, exactly as gomem bench history --format json writes it: per benchmark and unit, the median and CI per run, the change points and any drift. filter: bench compare's syntax (.name, .unit, pkg).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/", () => DashboardAssets.File("index.html")).ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription();
        app.MapGet("/assets/{name}", (string name) => DashboardAssets.File(name)).ExcludeFromDescription();
    }

    /// <summary>A view written by its renderer, as the body of a 200.</summary>
    private static IResult Json(Action<Stream> write)
    {
        using var body = new MemoryStream();
        write(body);
        return Results.Bytes(body.ToArray(), "application/json");
    }

    private static int? Count(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidSettingException(name, $"\"{text}\" is not a count (0 or more)");
    }

    private static DateTimeOffset Required(string? text, string name) =>
        Moment(text, name) ?? throw new InvalidSettingException(name, $"missing: the time the range starts or ends ({TimeSyntax})");

    private static DateTimeOffset? Moment(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TimeExpression.TryParse(text, DateTimeOffset.UtcNow, out var time)
            ? time
            : throw new InvalidSettingException(name, $"\"{text}\" is not a time (RFC 3339 such as 2026-12-04T10:00:00Z, 'now', or a duration ago such as -2h)");
    }
}
