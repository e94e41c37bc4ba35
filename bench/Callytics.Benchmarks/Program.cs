using Callytics.Benchmarks.Ari;
using Callytics.Benchmarks.Codegen;

// One entry point, one switch per benchmark suite:
//   dotnet run -c Release --project bench/Callytics.Benchmarks -- <suite> [options]
// Each suite writes its figures to docs/benchmarks/<area>.md (see docs/benchmarks.md).
var suite = args.FirstOrDefault()?.TrimStart('-');
return suite switch
{
    "queue-match" => await Callytics.Benchmarks.Storage.QueueMatchBenchmark.RunAsync(args[1..]),
    "ari-load" => await AriLoadHarness.RunAsync(args),
    "codegen" => CodegenBenchmark.Run(args[1..]),
    "engine" => EngineBenchmark.Run(args[1..]),
    "cli" => CliFixtures.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callytics.Benchmarks <suite> [options]; suites: queue-match, ari-load, codegen [sizes...], engine [rounds], cli <folder> (bench/codegen.sh runs the last three)");
    return 2;
}
