using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Cli;

/// <summary>
/// The process exit codes. They are part of the tool's contract (documented in the README) and never change
/// meaning: scripts and orchestrators branch on them.
/// </summary>
public static class ExitCodes
{
    /// <summary>The database is at the wanted state (or the command did what was asked).</summary>
    public const int Ok = 0;

    /// <summary>A migration's SQL failed; it was rolled back and recorded as failed.</summary>
    public const int MigrationFailed = 1;

    /// <summary>The command line or configuration is wrong (unknown option, bad URL, missing folder, no database given).</summary>
    public const int Usage = 2;

    /// <summary>Validation problems: bad file names or contents, drift, missing files, out-of-order or failed migrations.</summary>
    public const int Validation = 3;

    /// <summary>The database could not be reached (within --wait-for-db, if given), or the connection broke.</summary>
    public const int Connection = 4;

    /// <summary>Another migrator held the migration lock for longer than --lock-timeout.</summary>
    public const int LockTimeout = 5;

    /// <summary>
    /// The database refused the connection for a reason waiting will not fix (wrong password, unknown database, TLS
    /// required) or the URL goes through a transaction-mode pooler. Not retried by --wait-for-db.
    /// </summary>
    public const int ConnectionRejected = 6;

    /// <summary>A bug in the tool: an error it did not expect. Please report it.</summary>
    public const int Internal = 70;

    /// <summary>The exit code for a failure kind.</summary>
    public static int For(FailureKind kind) => kind switch
    {
        FailureKind.Usage => Usage,
        FailureKind.Validation => Validation,
        FailureKind.MigrationFailed => MigrationFailed,
        FailureKind.Connection => Connection,
        FailureKind.LockTimeout => LockTimeout,
        FailureKind.ConnectionRejected => ConnectionRejected,
        _ => Internal,
    };
}
