using System.Text.Json.Serialization;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The JSON the monitoring stores keep in columns and pass to SQL (json_each): lists of ids and keys, a profile's
/// comments and sample types. Source-generated, so the native (AOT) build serializes them without reflection.
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string[][]))]
internal sealed partial class StoreJson : JsonSerializerContext;
