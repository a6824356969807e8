using GoMem.IO;
using YamlDotNet.RepresentationModel;

namespace GoMem.Gc.Tuning;

/// <summary>
/// Finds every container of the workloads in a Kubernetes manifest (multi-document YAML): Deployment, StatefulSet,
/// DaemonSet, ReplicaSet, Job, Pod, CronJob, and a List of them; with its memory limit and request and the GOMEMLIMIT
/// and GOGC its env sets. Documents of other kinds are skipped.
/// </summary>
public static class KubernetesManifestReader
{
    private const int MaxDocuments = 10_000;

    public static IReadOnlyList<ContainerLimits> Read(string path)
    {
        using var input = InputOpener.OpenFile(path, new InputLimits { MaxInflatedBytes = 64L << 20 });
        using var reader = new StreamReader(input.Content);
        var stream = YamlInput.Parse(path, reader.ReadToEnd());

        if (stream.Documents.Count > MaxDocuments)
        {
            throw new BadInputException(path, $"more than {MaxDocuments} YAML documents");
        }

        var containers = new List<ContainerLimits>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode root)
            {
                Collect(root, path, containers, 0);
            }
        }

        return containers;
    }

    private static void Collect(YamlMappingNode resource, string path, List<ContainerLimits> into, int depth)
    {
        var kind = Scalar(resource, "kind") ?? "";
        var name = Scalar(Child(resource, "metadata"), "name") ?? "(unnamed)";
        if (kind == "List" && Child(resource, "items") is YamlSequenceNode items && depth < 2)
        {
            foreach (var item in items.Children.OfType<YamlMappingNode>())
            {
                Collect(item, path, into, depth + 1);
            }

            return;
        }

        var podSpec = kind switch
        {
            "Pod" => Child(resource, "spec"),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => Child(Child(Child(resource, "spec"), "template"), "spec"),
            "CronJob" => Child(Child(Child(Child(Child(resource, "spec"), "jobTemplate"), "spec"), "template"), "spec"),
            _ => null,
        };
        if (podSpec is not YamlMappingNode spec)
        {
            return;
        }

        foreach (var list in (string[])["initContainers", "containers"])
        {
            if (Child(spec, list) is not YamlSequenceNode sequence)
            {
                continue;
            }

            foreach (var container in sequence.Children.OfType<YamlMappingNode>())
            {
                var containerName = Scalar(container, "name") ?? "(unnamed)";
                var resources = Child(container, "resources");
                var (goMemLimit, gogc) = GoEnvironment(Child(container, "env"));
                into.Add(new ContainerLimits(
                    $"{kind}/{name} container {containerName}",
                    path,
                    Quantity(Scalar(Child(resources, "limits"), "memory"), path, container),
                    Quantity(Scalar(Child(resources, "requests"), "memory"), path, container),
                    SwapAllowance.Unknown,
                    EnvironmentKnown: true,
                    goMemLimit,
                    gogc)
                { ManifestPath = $"{kind}/{name}: {list}[name={containerName}]" });
            }
        }
    }

    private static (string? GoMemLimit, string? Gogc) GoEnvironment(YamlNode? env)
    {
        string? limit = null, gogc = null;
        if (env is YamlSequenceNode entries)
        {
            foreach (var entry in entries.Children.OfType<YamlMappingNode>())
            {
                var value = Scalar(entry, "value") ?? (Child(entry, "valueFrom") is not null ? "(from valueFrom)" : "");
                switch (Scalar(entry, "name"))
                {
                    case "GOMEMLIMIT":
                        limit = value;
                        break;
                    case "GOGC":
                        gogc = value;
                        break;
                }
            }
        }

        return (limit, gogc);
    }

    private static long? Quantity(string? text, string path, YamlMappingNode container)
    {
        if (text is null)
        {
            return null;
        }

        return KubernetesQuantity.TryParse(text, out var bytes)
            ? bytes
            : throw new BadInputException(path, $"'{text}' is not a Kubernetes memory quantity", lineNumber: container.Start.Line);
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => Child(node, key) is YamlScalarNode scalar ? scalar.Value : null;
}
