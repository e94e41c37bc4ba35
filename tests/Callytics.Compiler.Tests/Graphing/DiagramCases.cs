using Callytics.Compiler.Binding;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Importing;
using Callytics.Compiler.Tests.Importing;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Graphing;

/// <summary>The flows every diagram test runs on: every example, every valid vector, and every imported corpus export.</summary>
internal static class DiagramCases
{
    private const string SamplePrefix = "imported:";

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { RepoPaths.Examples, Path.Combine(RepoPaths.Vectors, "valid") })
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder, "*.flow.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }
        foreach (var sample in Directory.EnumerateFiles(Path.GetDirectoryName(ImportCorpusTests.Corpus("x"))!, "*.*.json").Where(f => !f.EndsWith(".scenarios.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(SamplePrefix + Path.GetFileName(sample));
        return data;
    }

    /// <summary>Loads a case as a checked, bound flow (imported exports are imported first).</summary>
    public static BoundFlow Load(string name)
    {
        CheckedFlow result;
        if (name.StartsWith(SamplePrefix, StringComparison.Ordinal))
        {
            var file = name[SamplePrefix.Length..];
            var from = file.Contains(".callytics.", StringComparison.Ordinal) ? "callytics" : "whatomate";
            var json = FlowImporter.ImportFile(FlowImporter.Find(from)!, ImportCorpusTests.Corpus(file)).Json!;
            result = FlowChecker.CheckText(file, json);
        }
        else
        {
            result = FlowChecker.CheckFile(Path.Combine(RepoPaths.Root, name));
        }
        Assert.True(result.Flow is not null, $"{name} did not bind: {string.Join("\n", result.Diagnostics.Diagnostics)}");
        return result.Flow!;
    }
}
