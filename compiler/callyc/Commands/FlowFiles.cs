namespace Callytics.Cli.Commands;

/// <summary>Turns the paths on a command line into flow files: folders are searched for *.flow.json.</summary>
internal static class FlowFiles
{
    public const string Pattern = "*.flow.json";

    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, Pattern, SearchOption.AllDirectories)
                    .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "bin" or "obj"))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UsageException($"no such file or folder: {path}");
            }
        }
        if (files.Count == 0) throw new UsageException($"no {Pattern} files found in {string.Join(", ", paths)}");
        return files;
    }
}
