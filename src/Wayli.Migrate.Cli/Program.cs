using Wayli.Migrate.Cli;

// The process entry point only wires the real console and environment into the testable application.
using var cancellation = new CancellationTokenSource();
// Ctrl-C and SIGTERM (Kubernetes stopping a pod) cancel the run, so it can roll back and clean up after itself.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
var context = new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(),
    interactive: !Console.IsOutputRedirected);
return await CliApp.RunAsync(args, context, cancellation.Token);
