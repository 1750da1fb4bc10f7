using BenchmarkDotNet.Running;

// Pass BenchmarkDotNet's own arguments, e.g. --filter '*Lexer*' --job short.
BenchmarkSwitcher.FromAssembly(typeof(Wayli.Migrate.Benchmarks.LexerBenchmarks).Assembly).Run(args);
