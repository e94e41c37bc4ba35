using Callytics.Compiler.Importing.CallyticsExport;
using Callytics.Compiler.Importing.Whatomate;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing;

/// <summary>The entry point of <c>callyc import</c>: picks the importer for <c>--from</c> and reads the file.</summary>
public static class FlowImporter
{
    /// <summary>Every importer, by its <c>--from</c> name.</summary>
    public static IReadOnlyList<SourceImporter> All { get; } = [new CallyticsImporter(), new WhatomateImporter()];

    /// <summary>The <c>--from</c> names.</summary>
    public static IEnumerable<string> Names => All.Select(i => i.Name);

    /// <summary>The importer for a <c>--from</c> name, or null.</summary>
    public static SourceImporter? Find(string name) => All.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Imports a file; input problems (not JSON, unreadable) come back as located findings.</summary>
    public static ImportResult ImportFile(SourceImporter importer, string path, ImportOptions? options = null) => importer.Import(JsonLoader.LoadFile(path), options);

    /// <summary>Imports text that is not on disk (tests, the admin API).</summary>
    public static ImportResult ImportText(SourceImporter importer, string path, string text, ImportOptions? options = null) => importer.Import(JsonLoader.Parse(path, text), options);
}
