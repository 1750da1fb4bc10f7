using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli;

/// <summary>
/// The shape every command's action has: map the command line onto the options record, call one verb of the
/// <see cref="MigrationRunner"/>, render its result (text, or JSON with <c>--json</c>) and return its exit code.
/// Failures become a message on stderr and their documented exit code; with <c>--json</c> they are also one JSON
/// document on stdout, so a script reading stdout always gets JSON.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Runs a verb and renders its result.</summary>
    /// <typeparam name="T">The verb's result record.</typeparam>
    /// <param name="context">The command's outside world.</param>
    /// <param name="catalog">The settings.</param>
    /// <param name="parsed">The parsed command line.</param>
    /// <param name="verb">Calls the runner.</param>
    /// <param name="exitCode">The exit code the result stands for.</param>
    /// <param name="json">Whether to write JSON, when the command decides it otherwise than by --json.</param>
    /// <param name="document">Renders the result as a whole document (SARIF, markdown) instead of text, when asked for
    /// one; stdout then holds only that document, as with JSON.</param>
    public static Task<int> RunAsync<T>(CliContext context, OptionCatalog catalog, ParseResult parsed,
        Func<MigrationRunner, MigrationOptions, Task<T>> verb, Func<T, int> exitCode, bool? json = null, Func<T, string>? document = null)
        where T : notnull
    {
        var asJson = json ?? catalog.WantsJson(parsed);
        var command = parsed.CommandResult.Command.Name;
        return GuardAsync(context, command, asJson, async () =>
        {
            var options = catalog.ToOptions(parsed, context);
            var runner = new MigrationRunner(options, new ConsoleObserver(context, quiet: asJson || document is not null));
            var result = await verb(runner, options);
            var code = exitCode(result);
            if (asJson)
                await context.Output.WriteLineAsync(JsonOutput.Result(command, code, result));
            else if (document is not null)
                await context.Output.WriteLineAsync(document(result));
            else
                await TextOutput.WriteAsync(context, result);
            return code;
        });
    }

    /// <summary>Runs <paramref name="body"/>, turning its failures into a message and the documented exit code.</summary>
    public static async Task<int> GuardAsync(CliContext context, string command, bool json, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (MigrateException e)
        {
            return await FailAsync(context, command, json, e, ExitCodes.For(e.Kind));
        }
        catch (OperationCanceledException)
        {
            return await FailAsync(context, command, json,
                new MigrateException(FailureKind.MigrationFailed, "cancelled: the migration in progress, if any, was rolled back by the server"),
                ExitCodes.MigrationFailed, kind: "cancelled");
        }
#pragma warning disable CA1031 // The last line of defence: report any bug as a bug, with its own exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await FailAsync(context, command, json,
                new MigrateException(FailureKind.Usage, $"internal error (please report it): {e.GetType().Name}: {e.Message}"), ExitCodes.Internal, kind: "internal");
        }
    }

    static async Task<int> FailAsync(CliContext context, string command, bool json, MigrateException error, int exitCode, string? kind = null)
    {
        await ErrorReport.WriteFailureAsync(context, error, plain: kind is not null);
        if (json)
            await context.Output.WriteLineAsync(JsonOutput.Error(command, exitCode, kind, error));
        return exitCode;
    }
}
