using Callytics.Benchmarks.Codegen;

// The first argument picks the benchmark; the rest go to it.
return args.FirstOrDefault() switch
{
    "codegen" => CodegenBenchmark.Run(args[1..]),
    "engine" => EngineBenchmark.Run(args[1..]),
    "cli" => CliFixtures.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callytics.Benchmarks codegen [sizes...] | engine [rounds] | cli <folder>");
    return 2;
}
