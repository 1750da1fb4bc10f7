using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli;

/// <summary>Runs a command body and turns its failures into a message on stderr and the documented exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (MigrateException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.For(e.Kind);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("cancelled: the migration in progress, if any, was rolled back by the server");
            return ExitCodes.MigrationFailed;
        }
#pragma warning disable CA1031 // The last line of defence: report any bug as a bug, with its own exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"internal error (please report it): {e.GetType().Name}: {e.Message}");
            return ExitCodes.Internal;
        }
    }
}
