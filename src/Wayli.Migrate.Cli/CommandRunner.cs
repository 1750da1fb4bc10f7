using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli;

/// <summary>
/// Runs a command body and turns its failures into a message on stderr and the documented exit code; with
/// <c>--json</c> the failure is also one JSON document on stdout, so a script reading stdout always gets JSON.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body, bool json = false)
    {
        try
        {
            return await body();
        }
        catch (MigrateException e)
        {
            return await FailAsync(context, json, e.Kind.ToString(), ExitCodes.For(e.Kind), e.Message);
        }
        catch (OperationCanceledException)
        {
            return await FailAsync(context, json, "Cancelled", ExitCodes.MigrationFailed,
                "cancelled: the migration in progress, if any, was rolled back by the server");
        }
#pragma warning disable CA1031 // The last line of defence: report any bug as a bug, with its own exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await FailAsync(context, json, "Internal", ExitCodes.Internal, $"internal error (please report it): {e.GetType().Name}: {e.Message}");
        }
    }

    static async Task<int> FailAsync(CliContext context, bool json, string kind, int exitCode, string message)
    {
        await context.Error.WriteLineAsync(message.StartsWith("cancelled", StringComparison.Ordinal) || message.StartsWith("internal", StringComparison.Ordinal)
            ? message : $"{Output.Paint.Red(context, "error")}: {message}");
        if (json)
            await context.Output.WriteLineAsync(Output.JsonReport.Error(kind, exitCode, message));
        return exitCode;
    }
}
