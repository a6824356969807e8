using GoMem.Findings;

namespace GoMem.Tests.Findings;

public sealed class SeverityTextTests
{
    [Theory]
    [InlineData(Severity.Info, "info", "INFO    ")]
    [InlineData(Severity.Warning, "warning", "WARNING ")]
    [InlineData(Severity.Critical, "critical", "CRITICAL")]
    public void Each_severity_has_one_name_and_one_label(Severity severity, string name, string label)
    {
        Assert.Equal(name, severity.Name());
        Assert.Equal(label, severity.Label());
    }
}
