using Callytics.Benchmarks;
using Callytics.Benchmarks.Ari;
using Callytics.Benchmarks.Codegen;

// One entry point, one switch per benchmark suite:
//   dotnet run -c Release --project bench/Callytics.Benchmarks -- <suite> [options]
// Each suite writes its figures to docs/benchmarks/<area>.md (see docs/benchmarks.md).
var suite = args.FirstOrDefault()?.TrimStart('-');
return suite switch
{
    "check" => CheckBenchmark.Run(args[1..]),
    "queue-match" => await Callytics.Benchmarks.Storage.QueueMatchBenchmark.RunAsync(args[1..]),
    "ari-load" => await AriLoadHarness.RunAsync(args),
    "ari-asterisk" => await AsteriskAriLoad.RunAsync(args[1..]),
    "callcenter" => await Callytics.Benchmarks.CallCenter.CallCenterBenchmark.RunAsync(args[1..]),
    "codegen" => CodegenBenchmark.Run(args[1..]),
    "engine" => EngineBenchmark.Run(args[1..]),
    "cli" => CliFixtures.Run(args[1..]),
    "traffic-rig" => await Callytics.Benchmarks.Ari.TrafficRig.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callytics.Benchmarks <suite> [options]; suites: check, queue-match, ari-load, ari-asterisk, callcenter, codegen, engine, cli");
    Console.Error.WriteLine("  check [--sizes 1000,10000] [--iterations 30] [--stages]: the flow checker on generated flows");
    Console.Error.WriteLine("  ari-load [--calls 2000] [--rate 250] [--talk-ms 10000] [--prompt-ms 1000] [--host-gc server|workstation] [--host-env NAME=VALUE]... [--in-process] [--out FILE]: the host process under load");
    Console.Error.WriteLine("  ari-asterisk [--calls 200] [--rate 50] [--out FILE]: the host against a real Asterisk 22.10.1 (../shared/asterisk), CPU beside Asterisk's");
    Console.Error.WriteLine("  callcenter [--callers 500] [--operators 20] [--hosts 2] [--talk-ms 400]: host processes on Redis, operator-match latency");
    Console.Error.WriteLine("  traffic-rig --flow FILE [--flow FILE] [--route N=FLOW] [--call-center] [--origin URL]: the ARI simulator and a host serving the flows (700 by default; PostgreSQL+Redis storage with --call-center), driven from stdin (the editor's traffic and console browser tests)");
    Console.Error.WriteLine("  codegen [sizes...], engine [rounds], cli <folder>: code generation, engine and callyc build (bench/codegen.sh runs them)");
    return 2;
}
