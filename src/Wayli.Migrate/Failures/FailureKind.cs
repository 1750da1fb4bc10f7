namespace Wayli.Migrate.Failures;

/// <summary>
/// The kinds of failure a run can end in. Each maps to its own documented exit code in the command-line tool,
/// so scripts can tell "fix your files" from "the database is down".
/// </summary>
public enum FailureKind
{
    /// <summary>A mistake in how the tool was called or configured: bad option, bad URL, missing folder.</summary>
    Usage,

    /// <summary>The files or the history are not in a state that may be applied: bad names, drift, missing files.</summary>
    Validation,

    /// <summary>A migration's SQL failed on the server; it was rolled back and recorded as failed.</summary>
    MigrationFailed,

    /// <summary>The database could not be reached (yet), or the connection broke: trying again later may work.</summary>
    Connection,

    /// <summary>
    /// The database refused the connection for a reason retrying will not fix: wrong password, unknown database or
    /// user, TLS required, or a URL that goes through a transaction-mode pooler.
    /// </summary>
    ConnectionRejected,

    /// <summary>Another migrator held the migration lock for longer than allowed.</summary>
    LockTimeout,
}
