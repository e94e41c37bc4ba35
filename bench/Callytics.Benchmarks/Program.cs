using Callytics.Benchmarks;

// Each benchmark is a switch: `dotnet run -c Release --project bench/Callytics.Benchmarks -- <name> [options]`.
// Add a new benchmark as a class with a static Run(string[] args) and one line here.
var benchmarks = new Dictionary<string, (string Description, Func<string[], int> Run)>(StringComparer.Ordinal)
{
    ["check"] = ("Checks generated 1,000- and 10,000-node flows (wall time, allocations, linearity). Options: --sizes 1000,10000 --iterations N", CheckBenchmark.Run),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("Usage: Callytics.Benchmarks <benchmark> [options]");
    foreach (var (name, (description, _)) in benchmarks) Console.Error.WriteLine($"  {name,-10} {description}");
    return args.Length == 0 ? 2 : 1;
}
return benchmark.Run(args[1..]);
