using System.CommandLine;
using Npgsql;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>migrate --targets FILE</c> or <c>--targets-query SQL</c>: the same set on many databases, N at a time, ending
/// with a table of each database's outcome.
/// </summary>
internal sealed class TargetsMigration
{
    public Option<string?> Targets { get; } = new("--targets") { Description = "A file with one database URL per line (# comments allowed): migrate each", HelpName = "FILE" };

    public Option<string?> TargetsQuery { get; } = new("--targets-query")
    {
        Description = "SQL run on --db-url (a catalog database) whose first column lists the database URLs to migrate",
        HelpName = "SQL",
    };

    public Option<int> Parallel { get; } = new("--parallel") { Description = "How many databases to migrate at once", DefaultValueFactory = _ => 4, HelpName = "N" };

    public Option<bool> FailFast { get; } = new("--fail-fast") { Description = "Start no further database after the first failure" };

    public IEnumerable<Option> Options => [Targets, TargetsQuery, Parallel, FailFast];

    public bool IsRequested(ParseResult parsed) => parsed.GetValue(Targets) is not null || parsed.GetValue(TargetsQuery) is not null;

    /// <summary>Runs every target and prints the table; returns 0 when all succeeded, else the first failure's code.</summary>
    public async Task<int> RunAsync(CliContext context, CommandInputs inputs, ParseResult parsed, MigrationSet set, CancellationToken cancellationToken)
    {
        var targets = await ReadTargetsAsync(context, inputs, parsed, cancellationToken);
        if (targets.Count == 0)
            throw new MigrateException(FailureKind.Usage, "the target list is empty");
        var parallel = parsed.GetValue(Parallel);
        if (parallel < 1)
            throw new MigrateException(FailureKind.Usage, "--parallel must be 1 or more");
        var outcomes = await MultiTargetRunner.MigrateAllAsync(targets, inputs.MigratorOptions, set, parallel, parsed.GetValue(FailFast),
            outcome => context.Error.WriteLine($"{(outcome.Succeeded ? "done" : outcome.Skipped ? "skipped" : "FAILED")}: {outcome.Database}"),
            cancellationToken);
        await WriteTableAsync(context, outcomes);
        var firstFailure = outcomes.FirstOrDefault(o => !o.Succeeded && !o.Skipped);
        return firstFailure is null ? ExitCodes.Ok : CodeOf(firstFailure);
    }

    async Task<List<ConnectionSettings>> ReadTargetsAsync(CliContext context, CommandInputs inputs, ParseResult parsed, CancellationToken cancellationToken)
    {
        var urls = parsed.GetValue(Targets) is { } file
            ? await ReadFileAsync(context.ResolvePath(file), cancellationToken)
            : await QueryAsync(inputs.Connection(), parsed.GetValue(TargetsQuery)!, cancellationToken);
        return urls.Select(url => inputs.ParseConnection(url)!).ToList();
    }

    static async Task<IEnumerable<string>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(path, cancellationToken);
            return lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"--targets {path} cannot be read: {e.Message}", e);
        }
    }

    static async Task<IEnumerable<string>> QueryAsync(ConnectionSettings catalog, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnector.OpenAsync(catalog, null, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var urls = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
                urls.Add(reader.GetString(0));
            return urls;
        }
        catch (PostgresException e)
        {
            throw new MigrateException(FailureKind.Usage, $"--targets-query failed on {catalog.Display}: {e.SqlState}: {e.MessageText}", e);
        }
    }

    static async Task WriteTableAsync(CliContext context, IReadOnlyList<TargetOutcome> outcomes)
    {
        var width = outcomes.Max(o => o.Database.Length);
        await context.Output.WriteLineAsync($"{"database".PadRight(width)}  outcome  applied  detail");
        foreach (var outcome in outcomes)
        {
            var (state, detail) = outcome switch
            {
                { Skipped: true } => ("skipped", "not started (--fail-fast)"),
                { Error: { } error } => ("FAILED ", error.Message.Split('\n')[0]),
                { Result.Failure: { } failure } => ("FAILED ", failure.Error.ToString().Split('\n')[0]),
                { Result.Plan.IsBlocked: true } => ("FAILED ", outcome.Result.Plan.Findings.First(f => f.Blocking).Message),
                _ => ("ok     ", ""),
            };
            await context.Output.WriteLineAsync($"{outcome.Database.PadRight(width)}  {state}  {outcome.Result?.Applied.Count ?? 0,7}  {detail}");
        }
        var succeeded = outcomes.Count(o => o.Succeeded);
        await context.Output.WriteLineAsync($"{succeeded} of {outcomes.Count} database(s) at the wanted state"
            + (succeeded == outcomes.Count ? "." : $"; {outcomes.Count(o => o.Skipped)} skipped, {outcomes.Count - succeeded - outcomes.Count(o => o.Skipped)} failed."));
    }

    static int CodeOf(TargetOutcome outcome) => outcome switch
    {
        { Error: { } error } => ExitCodes.For(error.Kind),
        { Result.Failure: not null } => ExitCodes.MigrationFailed,
        _ => ExitCodes.Validation,
    };
}
