using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing;

/// <summary>
/// Source node ids → flow node ids. A valid, unused source id is kept as it is; anything else is
/// fitted to the node id shape (and made unique with a numeric suffix) in document order, so the
/// same export always gives the same ids. Every change is reported (CFL6005).
/// </summary>
public sealed class NodeIdMap
{
    private readonly Dictionary<string, string> _bySource = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Assigns the flow id for a source id written at <paramref name="at"/>.</summary>
    public string Assign(string sourceId, JsonNode at, ConfigReader reporter)
    {
        var id = Unique(IdShape.Node.Fit(sourceId));
        if (_bySource.ContainsKey(sourceId))
            reporter.Adapted(at, "id", $"'{sourceId}' is used by an earlier node; this one became '{id}' and edges naming '{sourceId}' lead to the first");
        else
        {
            _bySource[sourceId] = id;
            if (id != sourceId) reporter.Adapted(at, "id", $"'{sourceId}' is not a valid node id; it became '{id}'");
        }
        return id;
    }

    /// <summary>Takes an id for a node the import adds itself (a start node), without a source id.</summary>
    public string Reserve(string wanted) => Unique(wanted);

    private string Unique(string id)
    {
        var candidate = id;
        for (var n = 2; !_used.Add(candidate); n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (id.Length + suffix.Length > 64 ? id[..(64 - suffix.Length)] : id) + suffix;
        }
        return candidate;
    }
}
