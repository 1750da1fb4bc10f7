using System.CommandLine;
using Wayli.Migrate.Cli.Configuration;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli;

/// <summary>Turns parsed options into the engine's inputs: flags first, then the environment, then defaults.</summary>
/// <param name="context">The command's outside world.</param>
/// <param name="options">The shared options.</param>
/// <param name="parsed">The parsed command line.</param>
/// <param name="bundleOption">The command's own --bundle option when it declares one (run), else the shared one.</param>
internal sealed class CommandInputs(CliContext context, CommonOptions options, ParseResult parsed, Option<string?>? bundleOption = null)
{
    /// <summary>The name of the environment variable read when --db-url is not given.</summary>
    public const string DatabaseUrlVariable = "DATABASE_URL";

    public bool Json => parsed.GetValue(options.Json);

    /// <summary>
    /// The database URL from --db-url, else WAYLI_MIGRATE_DB_URL, else DATABASE_URL, else db-url in wayli-migrate.toml;
    /// null when none is set. (Not an option default, so --help can never show it.)
    /// </summary>
    public ConnectionSettings? OptionalConnection()
    {
        var text = new[]
        {
            parsed.GetValue(options.DbUrl),
            context.Environment(SettingSources.EnvironmentName("db-url")),
            context.Environment(DatabaseUrlVariable),
            options.Sources.File?.Get("db-url"),
        }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (text is null)
            return null;
        return ParseConnection(text);
    }

    /// <summary>The database, which this command needs.</summary>
    public ConnectionSettings Connection() =>
        OptionalConnection() ?? throw new MigrateException(FailureKind.Usage, $"no database given: pass --db-url URL or set {DatabaseUrlVariable}");

    /// <summary>Parses another connection option's value (such as --scratch-url), registering its password as a secret.</summary>
    public ConnectionSettings? ParseConnection(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        context.Secrets.AddFromConnectionText(text);
        var settings = ConnectionSettings.Parse(text);
        context.Secrets.Add(settings.Password);
        return settings;
    }

    public PlanOptions PlanOptions() => new(parsed.GetValue(options.AllowDrift), parsed.GetValue(options.OutOfOrder), Target());

    MigrationVersion? Target() => parsed.GetValue(options.Target) is not { Length: > 0 } text ? null
        : MigrationVersion.TryParse(text, out var version) ? version
        : throw new MigrateException(FailureKind.Usage, $"--target '{text}' is not a version (digits, such as 20250101120000)");

    public HistoryTable Table() => new(parsed.GetValue(options.Schema)!, parsed.GetValue(options.Table)!);

    public string Directory => context.ResolvePath(parsed.GetValue(options.Dir)!);

    /// <summary>The migrations: from --bundle when given (verified), else from the folder.</summary>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <param name="lexNow">False for <c>migrate</c>, which lexes only the files it will apply (a bundle is always lexed).</param>
    public Task<MigrationSet> LoadAsync(CancellationToken cancellationToken, bool lexNow = true)
    {
        var bundleOptionInUse = bundleOption ?? options.Bundle;
        var bundle = parsed.GetResult(bundleOptionInUse) is null ? null : parsed.GetValue(bundleOptionInUse);
        if (bundle is null)
            return MigrationDirectory.LoadAsync(Directory, lexNow, cancellationToken);
        if (parsed.GetResult(options.Dir) is { Implicit: false })
            throw new MigrateException(FailureKind.Usage, "give either --dir or --bundle, not both");
        return MigrationBundle.LoadAsync(context.ResolvePath(bundle), cancellationToken);
    }

    public MigratorOptions MigratorOptions(ConnectionSettings connection) => new(
        connection,
        Table(),
        PlanOptions(),
        parsed.GetValue(options.CreateRoles),
        Duration.ParseOptional(parsed.GetValue(options.LockTimeout), "--lock-timeout"),
        Duration.ParseOptional(parsed.GetValue(options.WaitForDb), "--wait-for-db"),
        Duration.ParseOptional(parsed.GetValue(options.StatementLockTimeout), "--statement-lock-timeout"),
        Duration.ParseOptional(parsed.GetValue(options.StatementTimeout), "--statement-timeout"),
        LockRetries());

    int LockRetries()
    {
        var retries = parsed.GetValue(options.LockRetries);
        return retries >= 0 ? retries : throw new MigrateException(FailureKind.Usage, "--lock-retries must be 0 or more");
    }

    /// <summary>Prints every problem of an invalid set on stderr; returns true when there were any.</summary>
    public async Task<bool> ReportProblemsAsync(MigrationSet set)
    {
        if (set.IsValid)
            return false;
        foreach (var problem in set.Problems)
            await context.Error.WriteLineAsync($"error: {problem}");
        await context.Error.WriteLineAsync($"{set.Problems.Count} problem(s) in {set.Location}; nothing was done to the database.");
        return true;
    }
}
