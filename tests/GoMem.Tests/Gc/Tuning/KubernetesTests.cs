using GoMem.Gc.Tuning;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Gc.Tuning;

public class KubernetesTests
{
    [Theory]
    [InlineData("512Mi", 512L << 20)]
    [InlineData("2Gi", 2L << 30)]
    [InlineData("0.5Gi", 1L << 29)]
    [InlineData("128974848", 128974848)]
    [InlineData("129M", 129_000_000)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("129e6", 129_000_000)]
    [InlineData("1k", 1000)]
    [InlineData("1Ki", 1024)]
    public void Parses_memory_quantities_as_Kubernetes_does(string text, long bytes)
    {
        Assert.True(KubernetesQuantity.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 Mi")]
    [InlineData("1MiB")]
    [InlineData("-5Mi")]
    [InlineData("1Xi")]
    [InlineData("99999999999999999999Ei")]
    public void Rejects_what_is_not_a_quantity(string text) => Assert.False(KubernetesQuantity.TryParse(text, out _));

    [Fact]
    public void Finds_every_container_of_every_workload_kind_with_its_limits_and_go_env()
    {
        var containers = KubernetesManifestReader.Read(Path.Combine(RepoPaths.TestData, "gc", "k8s", "services.yaml"));

        Assert.Equal(["Deployment/api container app", "Deployment/api container sidecar", "StatefulSet/store container db", "CronJob/nightly-report container report"], containers.Select(c => c.Name));
        var app = containers[0];
        Assert.Equal((512L << 20, 200L << 20, null, null), (app.LimitBytes, app.RequestBytes, app.GoMemLimit, app.Gogc));
        Assert.Equal(("128MiB", "off"), (containers[1].GoMemLimit, containers[1].Gogc));
        Assert.Equal(2_000_000_000, containers[2].RequestBytes);
        Assert.Equal(1L << 30, containers[3].LimitBytes);
        Assert.All(containers, c => Assert.True(c.EnvironmentKnown));
    }

    [Fact]
    public void Broken_yaml_is_bad_input_with_a_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gomem-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "kind: Pod\nspec:\n  containers:\n    - name: a\n  bad: [unclosed\n");
        try
        {
            var error = Assert.Throws<BadInputException>(() => KubernetesManifestReader.Read(path));
            Assert.NotNull(error.LineNumber);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
