using System.CommandLine;
using Wayli.Migrate.Configuration;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli;

/// <summary>Turns parsed options into the engine's inputs: flags first, then the environment, then defaults.</summary>
internal sealed class CommandInputs(CliContext context, CommonOptions options, ParseResult parsed)
{
    /// <summary>The name of the environment variable read when --db-url is not given.</summary>
    public const string DatabaseUrlVariable = "DATABASE_URL";

    public bool Json => parsed.GetValue(options.Json);

    /// <summary>The database URL from --db-url or DATABASE_URL, or null when neither is set.</summary>
    public ConnectionSettings? OptionalConnection()
    {
        var text = parsed.GetValue(options.DbUrl);
        if (string.IsNullOrWhiteSpace(text))
            text = context.Environment(DatabaseUrlVariable);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        context.Secrets.AddFromConnectionText(text);
        var settings = ConnectionSettings.Parse(text);
        context.Secrets.Add(settings.Password);
        return settings;
    }

    /// <summary>The database, which this command needs.</summary>
    public ConnectionSettings Connection() =>
        OptionalConnection() ?? throw new MigrateException(FailureKind.Usage, $"no database given: pass --db-url URL or set {DatabaseUrlVariable}");

    public HistoryTable Table() => new(parsed.GetValue(options.Schema)!, parsed.GetValue(options.Table)!);

    public string Directory => context.ResolvePath(parsed.GetValue(options.Dir)!);

    public Task<MigrationSet> LoadAsync(CancellationToken cancellationToken) => MigrationDirectory.LoadAsync(Directory, cancellationToken);

    public MigratorOptions MigratorOptions(ConnectionSettings connection) => new(
        connection,
        Table(),
        new PlanOptions(parsed.GetValue(options.AllowDrift), parsed.GetValue(options.OutOfOrder)),
        parsed.GetValue(options.CreateRoles),
        Duration.ParseOptional(parsed.GetValue(options.LockTimeout), "--lock-timeout"));

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
