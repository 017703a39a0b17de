using BenchmarkDotNet.Running;

// dotnet run -c Release -- --filter '*'            full runs
// dotnet run -c Release -- --filter '*' --job Dry  a quick proof that every benchmark runs (CI)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
