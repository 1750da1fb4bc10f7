using System.CommandLine;
using Wayli.Migrate.Cli.Configuration;
using Wayli.Migrate.History;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli;

/// <summary>
/// The options several commands share, declared once so they read and behave the same everywhere. Each one not given
/// on the command line comes from the environment or wayli-migrate.toml (see <see cref="SettingSources"/>).
/// </summary>
/// <param name="sources">Where values come from when not on the command line.</param>
internal sealed class CommonOptions(SettingSources sources)
{
    /// <summary>Where values come from when not on the command line.</summary>
    public SettingSources Sources { get; } = sources;

    public const string QuietName = "--quiet";
    public const string VerboseName = "--verbose";

    /// <summary>-q: results and errors only. Every command takes it.</summary>
    public Option<bool> Quiet { get; } = new(QuietName, "-q") { Description = "Print only results and errors", Recursive = true };

    /// <summary>-v: details too. Every command takes it.</summary>
    public Option<bool> Verbose { get; } = new(VerboseName, "-v") { Description = "Print details as well (transaction modes, counts, targets)", Recursive = true };

    public Option<string?> DbUrl { get; } = new("--db-url")
    {
        Description = "The database: postgres://user:password@host:port/db?sslmode=… or Npgsql keywords (default: $DATABASE_URL)",
        HelpName = "URL",
    };

    public Option<string> Dir { get; } = new("--dir")
    {
        Description = "The migrations folder",
        DefaultValueFactory = _ => sources.Get("dir") ?? MigrationDirectory.DefaultPath,
        HelpName = "DIR",
    };

    public Option<string?> Bundle { get; } = new("--bundle")
    {
        Description = "A bundle written by 'build', instead of a migrations folder (verified before anything runs)",
        DefaultValueFactory = _ => sources.Get("bundle"),
        HelpName = "FILE",
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = "The schema of the history table",
        DefaultValueFactory = _ => sources.Get("schema") ?? HistoryTable.DefaultSchema,
    };

    public Option<string> Table { get; } = new("--table")
    {
        Description = "The name of the history table",
        DefaultValueFactory = _ => sources.Get("table") ?? HistoryTable.DefaultName,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Write the result as JSON on stdout", DefaultValueFactory = _ => sources.Flag("json") };

    public Option<string?> Target { get; } = new("--target")
    {
        Description = "Apply only up to and including this version",
        DefaultValueFactory = _ => sources.Get("target"),
        HelpName = "V",
    };

    public Option<bool> CreateRoles { get; } = new("--create-roles")
    {
        Description = "Create Supabase's roles anon, authenticated and service_role (NOLOGIN) where missing",
        DefaultValueFactory = _ => sources.Flag("create-roles"),
    };

    public Option<bool> AllowDrift { get; } = new("--allow-drift")
    {
        Description = "Go on although applied migrations' files have changed",
        DefaultValueFactory = _ => sources.Flag("allow-drift"),
    };

    public Option<bool> OutOfOrder { get; } = new("--out-of-order")
    {
        Description = "Apply pending migrations older than the newest applied one",
        DefaultValueFactory = _ => sources.Flag("out-of-order"),
    };

    public Option<string?> WaitForDb { get; } = new("--wait-for-db")
    {
        DefaultValueFactory = _ => sources.Get("wait-for-db"),
        Description = "Keep retrying for this long while the database cannot be reached yet, e.g. 60s (default: try once)",
        HelpName = "DURATION",
    };

    public Option<string?> StatementLockTimeout { get; } = new("--statement-lock-timeout")
    {
        DefaultValueFactory = _ => sources.Get("statement-lock-timeout"),
        Description = "lock_timeout for migration statements, e.g. 5s: a migration that cannot get its locks gives up and is retried",
        HelpName = "DURATION",
    };

    public Option<string?> StatementTimeout { get; } = new("--statement-timeout")
    {
        DefaultValueFactory = _ => sources.Get("statement-timeout"),
        Description = "statement_timeout for migration statements, e.g. 10m (default: the server's)",
        HelpName = "DURATION",
    };

    public Option<int> LockRetries { get; } = new("--lock-retries")
    {
        Description = "How many times to retry a migration that failed on a lock timeout or a deadlock",
        DefaultValueFactory = _ => sources.Number("lock-retries", 3),
        HelpName = "N",
    };

    public Option<string?> LockTimeout { get; } = new("--lock-timeout")
    {
        DefaultValueFactory = _ => sources.Get("lock-timeout"),
        Description = "How long to wait for another migrator's lock, e.g. 30s, 5m (default: wait as long as it takes)",
        HelpName = "DURATION",
    };
}
