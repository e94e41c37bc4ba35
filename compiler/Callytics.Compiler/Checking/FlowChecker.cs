using Callytics.Compiler.Analysis;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Validation;
using Callytics.Runtime.Catalog;

namespace Callytics.Compiler.Checking;

/// <summary>
/// Runs the front half of the pipeline: Load → Bind → Validate → Analyze for each file, then the
/// cross-flow and catalog checks over the whole set.
/// </summary>
public static class FlowChecker
{
    /// <summary>Checks one file on its own (no cross-flow references).</summary>
    public static CheckedFlow CheckFile(string path, FlowCatalog? catalog = null, LoadLimits? limits = null) =>
        CheckFiles([path], catalog, limits)[0];

    /// <summary>Checks files together: flows may refer to each other.</summary>
    public static IReadOnlyList<CheckedFlow> CheckFiles(IReadOnlyList<string> paths, FlowCatalog? catalog = null, LoadLimits? limits = null)
    {
        var results = new CheckedFlow[paths.Count];
        Parallel.For(0, paths.Count, i => results[i] = CheckDocument(JsonLoader.LoadFile(paths[i], limits)));
        ReferenceChecker.Check(results, catalog);
        return results;
    }

    /// <summary>Checks text that is not on disk (the admin API, the editor, tests).</summary>
    public static CheckedFlow CheckText(string path, string text, FlowCatalog? catalog = null)
    {
        var result = CheckDocument(JsonLoader.Parse(path, text));
        ReferenceChecker.Check([result], catalog);
        return result;
    }

    /// <summary>Binds, validates and analyzes one loaded document.</summary>
    public static CheckedFlow CheckDocument(LoadedDocument document)
    {
        var flow = Binder.Bind(document);
        if (flow is null) return new CheckedFlow(document.Source.Path, null, null, document.Diagnostics);
        var graph = GraphValidator.Validate(flow, document.Diagnostics);
        FlowAnalyzer.Analyze(graph, document.Diagnostics);
        return new CheckedFlow(document.Source.Path, flow, graph, document.Diagnostics);
    }
}
