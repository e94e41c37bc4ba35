using Callytics.Benchmarks;
using Callytics.Benchmarks.Ari;

// One entry point, one switch per benchmark suite:
//   dotnet run -c Release --project bench/Callytics.Benchmarks -- <suite> [options]
// Each suite writes its figures to docs/benchmarks/<area>.md (see docs/benchmarks.md).
var suite = args.FirstOrDefault()?.TrimStart('-');
return suite switch
{
    "check" => CheckBenchmark.Run(args[1..]),
    "queue-match" => await Callytics.Benchmarks.Storage.QueueMatchBenchmark.RunAsync(args[1..]),
    "ari-load" => await AriLoadHarness.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callytics.Benchmarks <suite> [options]; suites: check, queue-match, ari-load");
    Console.Error.WriteLine("  check [--sizes 1000,10000] [--iterations 30] [--stages]: the flow checker on generated flows");
    return 2;
}
