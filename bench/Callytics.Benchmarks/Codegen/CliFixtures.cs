using Callytics.Compiler.Checking;

namespace Callytics.Benchmarks.Codegen;

/// <summary>
/// <c>cli &lt;folder&gt;</c>: writes the inputs of the <c>callyc build</c> benchmarks (run from the
/// shell by bench/codegen.sh): <c>many/</c> with 100 example-sized flows (16 to 44 nodes, like the
/// examples or a little bigger) and <c>one/</c> with a single one. Each is checked first.
/// </summary>
public static class CliFixtures
{
    /// <summary>Writes the folders; returns 2 without a folder argument.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: cli <folder>");
            return 2;
        }
        var many = Directory.CreateDirectory(Path.Combine(args[0], "many")).FullName;
        var one = Directory.CreateDirectory(Path.Combine(args[0], "one")).FullName;
        var totalNodes = 0;
        for (var i = 0; i < 100; i++)
        {
            var nodes = 16 + i % 3 * FlowGenerator.NodesPerBlock + i % 5;
            totalNodes += nodes;
            Write(many, $"line-{i:D3}", nodes);
        }
        Write(one, "example-line", 20);
        Console.WriteLine($"Wrote 100 flows ({totalNodes} nodes) to {many} and one flow to {one}.");
        return 0;
    }

    private static void Write(string folder, string flowId, int nodes)
    {
        var json = FlowGenerator.Generate(flowId, nodes);
        var path = Path.Combine(folder, flowId + ".flow.json");
        if (!FlowChecker.CheckText(path, json).Succeeded) throw new InvalidOperationException($"{flowId} has errors");
        File.WriteAllText(path, json);
    }
}
