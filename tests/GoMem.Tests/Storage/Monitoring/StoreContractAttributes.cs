using GoMem.Tests.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// Put on a contract test class whose engine may be missing on this machine: every contract test of that class is
/// then reported skipped with <see cref="SkipReason"/> (visible and counted), instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public abstract class StoreEngineAttribute : Attribute
{
    /// <summary>Why this engine's tests cannot run here, or null when they can.</summary>
    public abstract string? SkipReason { get; }

    internal static string? SkipReasonOf(ITestMethod method) =>
        method.TestClass.Class.GetCustomAttributes(typeof(StoreEngineAttribute).AssemblyQualifiedName)
            .OfType<IReflectionAttributeInfo>()
            .Select(a => ((StoreEngineAttribute)a.Attribute).SkipReason)
            .FirstOrDefault(reason => reason is not null);
}

/// <summary>The contract tests of this class need a PostgreSQL server (<see cref="PostgresServer"/>).</summary>
public sealed class RequiresPostgresAttribute : StoreEngineAttribute
{
    public override string? SkipReason => PostgresServer.Unavailable;
}

/// <summary>A PostgreSQL test outside the contract: skipped when <see cref="PostgresServer"/> cannot run here.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A contract fact: skipped, with the reason, when the test class's engine is missing here.</summary>
[XunitTestCaseDiscoverer("GoMem.Tests.Storage.Monitoring.ContractFactDiscoverer", "GoMem.Tests")]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>A contract theory: skipped, with the reason, when the test class's engine is missing here.</summary>
[XunitTestCaseDiscoverer("GoMem.Tests.Storage.Monitoring.ContractTheoryDiscoverer", "GoMem.Tests")]
public class ContractTheoryAttribute : TheoryAttribute;

/// <summary>A contract theory that also needs <c>go</c> on PATH (as GoToolTheory).</summary>
public sealed class ContractGoToolTheoryAttribute : ContractTheoryAttribute
{
    public ContractGoToolTheoryAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "go")));
        if (!onPath)
        {
            Skip = "needs Go on PATH (test.sh installs it: apt-get install -y golang-go)";
        }
    }
}

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        StoreEngineAttribute.SkipReasonOf(testMethod) is { } reason
            ? [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : new FactDiscoverer(diagnosticMessageSink).Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        StoreEngineAttribute.SkipReasonOf(testMethod) is { } reason
            ? [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : new TheoryDiscoverer(diagnosticMessageSink).Discover(discoveryOptions, testMethod, factAttribute);
}
