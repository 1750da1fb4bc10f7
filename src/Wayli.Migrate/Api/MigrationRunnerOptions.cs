namespace Wayli.Migrate.Api;

/// <summary>
/// Everything <see cref="MigrationRunner"/> needs, with the defaults of the command-line tool. Only the connection
/// string is required; the migrations come from <see cref="Directory"/> unless <see cref="Bundle"/> is set.
/// </summary>
public sealed record MigrationRunnerOptions
{
    /// <summary>A <c>postgres://</c> URL or an Npgsql keyword string. Its password never appears in any message.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The migrations folder (default <c>supabase/migrations</c>, relative to the working directory).</summary>
    public string Directory { get; init; } = Sources.MigrationDirectory.DefaultPath;

    /// <summary>A bundle written by <c>wayli-migrate build</c>, used instead of <see cref="Directory"/> when set.</summary>
    public string? Bundle { get; init; }

    /// <summary>The schema of the history table.</summary>
    public string Schema { get; init; } = History.HistoryTable.DefaultSchema;

    /// <summary>The history table's name.</summary>
    public string Table { get; init; } = History.HistoryTable.DefaultName;

    /// <summary>Create Supabase's roles (NOLOGIN) where missing.</summary>
    public bool CreateRoles { get; init; }

    /// <summary>Apply pending migrations older than the newest applied one.</summary>
    public bool AllowOutOfOrder { get; init; }

    /// <summary>How long to wait for another migrator's lock (null: as long as it takes).</summary>
    public TimeSpan? LockTimeout { get; init; }

    /// <summary>How long to keep retrying while the database cannot be reached (null: try once).</summary>
    public TimeSpan? WaitForDatabase { get; init; }

    /// <summary><c>lock_timeout</c> for migration statements; a migration that cannot get its locks is retried.</summary>
    public TimeSpan? StatementLockTimeout { get; init; }

    /// <summary>Where progress is logged; none when null.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}
