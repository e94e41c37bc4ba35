using System.Text.Json;

namespace Callytics.TestSupport.AriSimulator;

/// <summary>
/// Asterisk's own description of ARI (Swagger 1.1 api-docs), read from <c>../shared/ari-spec</c>
/// beside the repository root (the folder holding Callytics.Compiler.sln).
/// </summary>
public sealed class AriSpec
{
    private readonly Dictionary<string, List<SpecOperation>> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _subTypes = new(StringComparer.Ordinal);

    /// <summary>One operation: method, path and its parameters by kind.</summary>
    public sealed record SpecOperation(string Method, string Path, IReadOnlySet<string> Query, IReadOnlySet<string> PathParams);

    /// <summary>The folder the spec was read from.</summary>
    public string Directory { get; }

    private AriSpec(string directory)
    {
        Directory = directory;
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            if (root.TryGetProperty("apis", out var apis) && root.TryGetProperty("resourcePath", out _))
                ReadApis(apis);
            if (root.TryGetProperty("models", out var models))
                ReadModels(models);
        }
    }

    /// <summary>Loads the spec, failing loudly when the files are not where the project says they are.</summary>
    public static AriSpec Load()
    {
        var directory = Path.Combine(FindRepositoryRoot(), "..", "shared", "ari-spec");
        if (!File.Exists(Path.Combine(directory, "resources.json")))
            throw new FileNotFoundException($"ARI description not found at {Path.GetFullPath(directory)} (expected ../shared/ari-spec beside the repository).");
        return new AriSpec(Path.GetFullPath(directory));
    }

    /// <summary>The folder holding Callytics.Compiler.sln, searched upwards from the test binaries.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Callytics.Compiler.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("No Callytics.Compiler.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The operation with this method and path template, or null.</summary>
    public SpecOperation? Operation(string method, string path) =>
        _operations.TryGetValue(path, out var ops) ? ops.Find(o => o.Method == method) : null;

    /// <summary>All operations on a path.</summary>
    public IReadOnlyList<SpecOperation> Operations(string path) => _operations.TryGetValue(path, out var ops) ? ops : [];

    /// <summary>The property names of a model (with the properties of the models it extends), or null when there is no such model.</summary>
    public IReadOnlySet<string>? ModelProperties(string model)
    {
        if (!_models.TryGetValue(model, out var own))
            return null;
        var all = new HashSet<string>(own, StringComparer.Ordinal);
        foreach (var (parent, children) in _subTypes)
            if (children.Contains(model) && ModelProperties(parent) is { } inherited)
                all.UnionWith(inherited);
        return all;
    }

    /// <summary>True when <paramref name="model"/> is an event (a subtype of Event).</summary>
    public bool IsEvent(string model) => _subTypes.TryGetValue("Event", out var events) && events.Contains(model);

    private void ReadApis(JsonElement apis)
    {
        foreach (var api in apis.EnumerateArray())
        {
            var path = api.GetProperty("path").GetString()!;
            foreach (var op in api.GetProperty("operations").EnumerateArray())
            {
                var query = new HashSet<string>(StringComparer.Ordinal);
                var pathParams = new HashSet<string>(StringComparer.Ordinal);
                if (op.TryGetProperty("parameters", out var parameters))
                    foreach (var p in parameters.EnumerateArray())
                    {
                        var kind = p.GetProperty("paramType").GetString();
                        var name = p.GetProperty("name").GetString()!;
                        if (kind == "query") query.Add(name);
                        else if (kind == "path") pathParams.Add(name);
                    }
                if (!_operations.TryGetValue(path, out var list))
                    _operations[path] = list = [];
                list.Add(new SpecOperation(op.GetProperty("httpMethod").GetString()!, path, query, pathParams));
            }
        }
    }

    private void ReadModels(JsonElement models)
    {
        foreach (var model in models.EnumerateObject())
        {
            var props = new HashSet<string>(StringComparer.Ordinal);
            if (model.Value.TryGetProperty("properties", out var properties))
                foreach (var p in properties.EnumerateObject())
                    props.Add(p.Name);
            _models[model.Name] = props;
            if (model.Value.TryGetProperty("subTypes", out var subTypes))
                _subTypes[model.Name] = subTypes.EnumerateArray().Select(s => s.GetString()!).ToList();
        }
    }
}
