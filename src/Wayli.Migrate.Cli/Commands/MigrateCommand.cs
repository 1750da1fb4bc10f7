using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>migrate</c> (and <c>run</c>, its production form): applies pending migrations in order, each atomically, stopping at the first failure.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("migrate", """
            Apply pending migrations in version order (installs the infrastructure if missing)

            Examples:
              wayli-migrate migrate --db-url postgres://postgres:…@localhost:5432/postgres
              wayli-migrate migrate --wait-for-db 60s --statement-lock-timeout 5s
              wayli-migrate migrate --target 20250101120000
              wayli-migrate migrate --single-transaction
              wayli-migrate migrate --targets tenants.txt --parallel 8
              wayli-migrate migrate --targets tenants.txt --shard 2/4
            """);
        return WithAction(command, context, catalog);
    }

    /// <summary><c>run --bundle FILE</c>: the production form of migrate, applying exactly the verified bundle.</summary>
    public static Command CreateRun(CliContext context, OptionCatalog catalog)
    {
        var command = new Command("run", """
            Apply a bundle written by 'build', after verifying every checksum and the set digest

            Examples:
              wayli-migrate run --bundle dist/migrations.bundle.json --wait-for-db 120s
            """);
        // The bundle may come from the environment or wayli-migrate.toml too, so it is required here rather than by the option.
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(catalog.Bundle.Typed)))
                result.AddError("Option '--bundle' is required.");
        });
        return WithAction(command, context, catalog);
    }

    static Command WithAction(Command command, CliContext context, OptionCatalog catalog)
    {
        catalog.AddTo(command);
        var targets = new Option<string?>("--targets") { Description = "A file with one database URL per line (# comments allowed): migrate each", HelpName = "FILE" };
        var targetsQuery = new Option<string?>("--targets-query")
        {
            Description = "SQL run on --db-url (a catalog database) whose first column lists the database URLs to migrate",
            HelpName = "SQL",
        };
        var parallel = new Option<int>("--parallel") { Description = "How many databases to migrate at once", DefaultValueFactory = _ => 4, HelpName = "N" };
        parallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--parallel must be 1 or more");
        });
        var failFast = new Option<bool>("--fail-fast") { Description = "Start no further database after the first failure" };
        command.Add(targets);
        command.Add(targetsQuery);
        command.Add(parallel);
        command.Add(failFast);
        command.SetAction((parsed, cancellationToken) =>
        {
            if (parsed.GetValue(targets) is null && parsed.GetValue(targetsQuery) is null)
            {
                return CommandRunner.RunAsync(context, catalog, parsed, (runner, options) => options.Shard is null
                    ? runner.MigrateAsync(cancellationToken)
                    : throw new MigrateException(FailureKind.Usage, "--shard shares the databases of --targets or --targets-query between machines: give one of them"),
                    ExitCode);
            }
            return CommandRunner.RunAsync(context, catalog, parsed, async (runner, options) =>
                {
                    var urls = await ReadTargetsAsync(context, runner, parsed.GetValue(targets), parsed.GetValue(targetsQuery), cancellationToken);
                    return await runner.MigrateManyAsync(urls, parsed.GetValue(parallel), parsed.GetValue(failFast),
                        outcome => context.Error.WriteLine(TargetsText.Progress(outcome)), cancellationToken);
                },
                result => result.Outcomes.FirstOrDefault(o => !o.Succeeded && !o.Skipped) is { } failed ? ExitCode(failed) : ExitCodes.Ok);
        });
        return command;
    }

    static int ExitCode(MigrateResult result) =>
        result.Failed is not null || result.CallbackFailed is not null ? ExitCodes.MigrationFailed
            : result.Planned.IsBlocked ? ExitCodes.Validation
            : ExitCodes.Ok;

    static int ExitCode(TargetOutcome outcome) => outcome switch
    {
        { ErrorKind: { } kind } => ExitCodes.For(kind),
        { Result: { } result } => ExitCode(result),
        _ => ExitCodes.Validation,
    };

    /// <summary>The target databases, from a file or a query on the catalog database; their passwords are kept out of all output.</summary>
    static async Task<IReadOnlyList<string>> ReadTargetsAsync(CliContext context, MigrationRunner runner, string? file, string? query,
        CancellationToken cancellationToken)
    {
        var urls = file is not null ? await ReadFileAsync(context.ResolvePath(file), cancellationToken) : await runner.QueryDatabaseUrlsAsync(query!, cancellationToken);
        foreach (var url in urls)
            context.Secrets.AddFromConnectionText(url);
        return urls;
    }

    static async Task<IReadOnlyList<string>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(path, cancellationToken);
            return [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"--targets {path} cannot be read: {e.Message}", e);
        }
    }
}
