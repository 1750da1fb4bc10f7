using Wayli.Migrate.Cli;

// The process entry point only wires the real console and environment into the testable application.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var context = new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(),
    interactive: !Console.IsOutputRedirected);
return await CliApp.RunAsync(args, context, cancellation.Token);
