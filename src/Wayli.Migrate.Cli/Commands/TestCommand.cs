using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>test</c>: files, the target's infrastructure and history, and a proof on a scratch database that every
/// migration can run twice. Exit 0 only when everything holds.
/// </summary>
internal static class TestCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var scratchUrl = new Option<string?>("--scratch-url")
        {
            Description = "A server on which to create (and drop) the scratch database (default: the target's server if its role may CREATE DATABASE, else a throwaway local PostgreSQL)",
            HelpName = "URL",
        };
        var prepare = new Option<string?>("--prepare") { Description = "A SQL file to run on the scratch database before the migrations", HelpName = "FILE" };
        var supabase = new Option<bool>("--supabase") { Description = "Prepare a minimal Supabase environment on the scratch database (roles, auth schema and functions, auth.users)" };
        var maxRows = new Option<int>("--max-rows-to-hash")
        {
            Description = "Tables with more rows are compared by row count only",
            DefaultValueFactory = _ => FingerprintOptions.Default.MaxRowsToHash,
            HelpName = "N",
        };
        var command = new Command("test", """
            Prove the migrations are intact, secure and idempotent (each applied twice on a scratch database)

            Examples:
              wayli-migrate test                      (files and idempotency, on a throwaway local PostgreSQL)
              wayli-migrate test --db-url URL         (also audits that database's infrastructure and history)
              wayli-migrate test --supabase --json
            """)
        {
            options.DbUrl, scratchUrl, options.Dir, options.Bundle, options.Schema, options.Table, options.OutOfOrder, options.WaitForDb,
            prepare, supabase, maxRows, options.Json,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var set = await inputs.LoadAsync(cancellationToken);
            var testOptions = new TestOptions(
                inputs.OptionalConnection(),
                inputs.ParseConnection(parsed.GetValue(scratchUrl)),
                inputs.Table(),
                inputs.PlanOptions(),
                await ReadPrepareAsync(context, parsed.GetValue(prepare), cancellationToken),
                parsed.GetValue(supabase),
                new FingerprintOptions(parsed.GetValue(maxRows)),
                Duration.ParseOptional(parsed.GetValue(options.WaitForDb), "--wait-for-db"));
            var json = parsed.GetValue(options.Json);
            var report = await new MigrationTester(testOptions).TestAsync(set,
                note => context.Error.WriteLine(note),
                result => { if (!json) TestReportText.WriteResult(context.Output, result); },
                cancellationToken);
            if (json)
                await context.Output.WriteLineAsync(TestReportJson.Write(report));
            else
                await TestReportText.WriteSummaryAsync(context, report, set.Migrations.Count);
            return report.Passed ? ExitCodes.Ok : ExitCodes.Validation;
        }, parsed.GetValue(options.Json)));
        return command;
    }

    static async Task<string?> ReadPrepareAsync(CliContext context, string? path, CancellationToken cancellationToken)
    {
        if (path is null)
            return null;
        try
        {
            return await File.ReadAllTextAsync(context.ResolvePath(path), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"--prepare {path} cannot be read: {e.Message}", e);
        }
    }
}
