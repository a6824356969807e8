using GoMem.Monitoring.Retention;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// The configuration's <c>retention</c> section: each key of <see cref="RetentionPolicy"/> optional, the others at
/// their defaults.
/// <code>
/// retention:
///   profiles: 24h, 10m:7d, 1h:90d   # every snapshot for 24h, then the first per 10m until 7d old, per 1h until 90d old
///   runtime: 24h, 1m:7d, 1h:90d     # every sample for 24h, then min/avg/max per 1m until 7d old, per 1h until 90d old
///   events: 90d                     # restarts, outages
///   findings: 90d                   # resolved findings (open ones are kept)
/// </code>
/// </summary>
internal static class RetentionConfigReader
{
    public static RetentionPolicy Read(ConfigYaml yaml, YamlNode? node)
    {
        var policy = RetentionPolicy.Default;
        if (node is null || ConfigYaml.IsNull(node))
        {
            return policy;
        }

        var fields = yaml.Mapping(node, "retention", RetentionPolicy.Keys);
        foreach (var key in RetentionPolicy.Keys)
        {
            if (fields.TryGetValue(key, out var entry) && !ConfigYaml.IsNull(entry.Value))
            {
                var path = $"retention.{key}";
                if (!policy.TryWith(key, yaml.Scalar(entry.Value, path), out policy, out var problem))
                {
                    throw yaml.Error(entry.Value, path, problem);
                }
            }
        }

        return policy;
    }
}
