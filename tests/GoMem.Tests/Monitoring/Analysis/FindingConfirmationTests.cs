using GoMem.Findings;
using GoMem.Monitoring.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Monitoring.Analysis;

public sealed class FindingConfirmationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_verdict_opens_only_after_holding_for_the_given_checks()
    {
        var confirmation = new FindingConfirmation(3);
        Assert.Empty(confirmation.Confirm([Leak("a")], []));
        Assert.Empty(confirmation.Confirm([Leak("a")], []));
        Assert.Equal("a", Assert.Single(confirmation.Confirm([Leak("a")], [])).Key);
    }

    [Fact]
    public void A_verdict_that_lapses_starts_its_count_again()
    {
        var confirmation = new FindingConfirmation(2);
        Assert.Empty(confirmation.Confirm([Leak("a")], []));
        Assert.Empty(confirmation.Confirm([], []));
        Assert.Empty(confirmation.Confirm([Leak("a")], []));
        Assert.Single(confirmation.Confirm([Leak("a")], []));
    }

    [Fact]
    public void An_open_finding_stays_confirmed_while_it_holds_even_after_a_restart_of_the_collector()
    {
        var confirmation = new FindingConfirmation(5);
        Assert.Single(confirmation.Confirm([Leak("a")], [Leak("a")]));
    }

    private static MonitoringFinding Leak(string key) => new(1, "heap-leak", key, Severity.Warning, "grows", "", Now, Now);
}
