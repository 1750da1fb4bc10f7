using Microsoft.Extensions.Logging;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Observing;

/// <summary>Reports a run's progress to an <see cref="ILogger"/> (the library's way of talking; it never writes to the console).</summary>
/// <param name="logger">Where to log.</param>
public sealed partial class LoggingObserver(ILogger logger) : MigrationObserver
{
    /// <inheritdoc />
    public override void WaitingForLock(string message) => LogWaiting(logger, message);

    /// <inheritdoc />
    public override void WaitingForDatabase(string message) => LogWaiting(logger, message);

    /// <inheritdoc />
    public override void InfrastructureNotice(string message) => LogNote(logger, message);

    /// <inheritdoc />
    public override void Bootstrapped(string message) => LogNote(logger, message);

    /// <inheritdoc />
    public override void Planned(MigrationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Counted once, outside the logging call, so the analyzer (rightly) sees nothing expensive in the call itself.
        var (pending, applied) = (plan.ToApply.Count(), plan.Count(MigrationState.Applied));
        LogPlanned(logger, pending, applied);
    }

    /// <inheritdoc />
    public override void RunningOutsideTransaction(Migration migration, string reason, bool rerun)
    {
        ArgumentNullException.ThrowIfNull(migration);
        LogOutsideTransaction(logger, migration.FileName, reason);
    }

    /// <inheritdoc />
    public override void Applied(Migration migration, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(migration);
        LogApplied(logger, migration.FileName, elapsed.TotalMilliseconds);
    }

    /// <inheritdoc />
    public override void Reverted(Migration migration, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(migration);
        LogReverted(logger, migration.FileName, elapsed.TotalMilliseconds);
    }

    /// <inheritdoc />
    public override void CallbackRan(Migration callback, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(callback);
        LogCallback(logger, callback.FileName, elapsed.TotalMilliseconds);
    }

    /// <inheritdoc />
    public override void Retrying(Migration migration, int attempt, TimeSpan delay, MigrationError reason)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(reason);
        LogRetrying(logger, migration.FileName, attempt, reason.SqlState, reason.Message);
    }

    /// <inheritdoc />
    public override void Failed(Migration migration, MigrationError failure)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(failure);
        LogFailed(logger, migration.FileName, failure.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    static partial void LogWaiting(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    static partial void LogNote(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pending} migration(s) to apply, {Applied} already applied")]
    static partial void LogPlanned(ILogger logger, int pending, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File} runs outside a transaction: {Reason}")]
    static partial void LogOutsideTransaction(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "applied {File} in {ElapsedMs:0} ms")]
    static partial void LogApplied(ILogger logger, string file, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "reverted {File} in {ElapsedMs:0} ms")]
    static partial void LogReverted(ILogger logger, string file, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "ran callback {File} in {ElapsedMs:0} ms")]
    static partial void LogCallback(ILogger logger, string file, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "retrying {File} (attempt {Attempt}) after {SqlState}: {Reason}")]
    static partial void LogRetrying(ILogger logger, string file, int attempt, string? sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} failed and was rolled back: {Error}")]
    static partial void LogFailed(ILogger logger, string file, string error);
}
