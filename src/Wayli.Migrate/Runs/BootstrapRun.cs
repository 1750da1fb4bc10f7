namespace Wayli.Migrate.Runs;

/// <summary><c>bootstrap</c>: installs or upgrades the infrastructure under the migration lock, whether or not it looks current.</summary>
internal static class BootstrapRun
{
    public static async Task<BootstrapResult> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        await using var connections = await run.LockAsync(cancellationToken);
        var (before, changes) = await InfrastructureInstaller.ForceAsync(run, connections.Work, cancellationToken);
        return new BootstrapResult(run.Connection.Display, run.Table.ToString(), before, changes);
    }
}
