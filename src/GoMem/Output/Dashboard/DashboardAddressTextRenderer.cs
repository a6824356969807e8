using GoMem.Dashboard;

namespace GoMem.Output.Dashboard;

/// <summary>What <c>gomem serve</c> says once it serves: where, over which store, and how to stop it.</summary>
public static class DashboardAddressTextRenderer
{
    public static void Write(TextWriter writer, DashboardAddress address) =>
        writer.WriteLine($"gomem serve: the dashboard of {address.Store} at {address.Url} (Ctrl+C stops)");
}
