namespace Wayli.Migrate.Failures;

/// <summary>
/// A failure the user can act on. Its message is written for a person and never contains a password.
/// </summary>
public class MigrateException : Exception
{
    /// <summary>Creates a failure of the given kind.</summary>
    public MigrateException(FailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>What kind of failure this is; decides the exit code.</summary>
    public FailureKind Kind { get; }
}
