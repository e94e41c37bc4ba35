namespace Callytics.TestSupport;

/// <summary>Locations in the repository, found from the test assembly's folder (works from any clone).</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the folder holding Callytics.Compiler.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>examples/</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>tests/vectors/</summary>
    public static string Vectors => Path.Combine(Root, "tests", "vectors");

    /// <summary>schema/flow.schema.json</summary>
    public static string Schema => Path.Combine(Root, "schema", "flow.schema.json");

    /// <summary>../shared (read-only design context beside the repository), or null when absent.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path under the root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Callytics.Compiler.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Callytics.Compiler.sln) above " + AppContext.BaseDirectory);
    }
}
