using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Observing;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Api;

/// <summary>
/// The engine for .NET applications: the same migrate, status and test the command line runs, with the same lock,
/// so an application that migrates at start-up and a deploy-time <c>wayli-migrate</c> never apply a migration twice.
/// </summary>
/// <example>
/// <code>
/// var runner = new MigrationRunner(new MigrationRunnerOptions { ConnectionString = url, Logger = logger });
/// var result = await runner.MigrateAsync(cancellationToken);
/// </code>
/// </example>
/// <param name="options">Where the database and the migrations are.</param>
public sealed class MigrationRunner(MigrationRunnerOptions options)
{
    /// <summary>
    /// Applies every pending migration (see <see cref="Migrator.MigrateAsync(Sources.MigrationSet, MigrationObserver?, CancellationToken)"/>). A failed migration is in the result
    /// (<see cref="MigrateResult.Failure"/>), recorded in history and rolled back.
    /// </summary>
    /// <exception cref="MigrateException">The files have problems, or the database cannot be reached or locked.</exception>
    public async Task<MigrateResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var set = await LoadValidAsync(cancellationToken);
        return await Migrator().MigrateAsync(set, Observer(), cancellationToken);
    }

    /// <summary>Where each migration stands, without a lock and without writing anything.</summary>
    public async Task<StatusResult> StatusAsync(CancellationToken cancellationToken = default) =>
        await Migrator().StatusAsync(await LoadAsync(cancellationToken), Observer(), cancellationToken);

    /// <summary>Checks the files, the database's infrastructure and history, and proves idempotency on a scratch database.</summary>
    public async Task<TestReport> TestAsync(CancellationToken cancellationToken = default)
    {
        var tester = new MigrationTester(new TestOptions(Connection(), null, Table(), Plan()));
        return await tester.TestAsync(await LoadAsync(cancellationToken), cancellationToken: cancellationToken);
    }

    Migrator Migrator() => new(new MigratorOptions(Connection(), Table(), Plan(), options.CreateRoles, options.LockTimeout,
        options.WaitForDatabase, options.StatementLockTimeout));

    ConnectionSettings Connection() => ConnectionSettings.Parse(options.ConnectionString);

    HistoryTable Table() => new(options.Schema, options.Table);

    PlanOptions Plan() => new(AllowOutOfOrder: options.AllowOutOfOrder);

    MigrationObserver Observer() => options.Logger is { } logger ? new LoggingObserver(logger) : MigrationObserver.None;

    Task<MigrationSet> LoadAsync(CancellationToken cancellationToken) =>
        options.Bundle is { } bundle ? MigrationBundle.LoadAsync(bundle, cancellationToken) : MigrationDirectory.LoadAsync(options.Directory, cancellationToken);

    async Task<MigrationSet> LoadValidAsync(CancellationToken cancellationToken)
    {
        var set = await LoadAsync(cancellationToken);
        return set.IsValid ? set
            : throw new MigrateException(FailureKind.Validation, $"{set.Problems.Count} problem(s) in {set.Location}:\n" + string.Join('\n', set.Problems));
    }
}
