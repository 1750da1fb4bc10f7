using Wayli.Migrate.Execution;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>One pending migration, applied on the scratch replay exactly as <c>migrate</c> would apply it, and what it did.</summary>
/// <param name="Version">Its version.</param>
/// <param name="File">Its file name.</param>
/// <param name="InTransaction">True when it runs in one transaction (its locks last until it commits).</param>
/// <param name="Risk">The highest risk of its statements.</param>
/// <param name="Milliseconds">How long it took on the scratch database.</param>
/// <param name="Statements">What each statement did (session settings aside).</param>
/// <param name="Objects">The schema objects it created, changed and dropped.</param>
/// <param name="Lint">What the rehearsal says of <c>lint</c>'s lock and rewrite warnings on this file.</param>
/// <param name="Error">Where and why it failed on the scratch database, if it did: <c>migrate</c> would stop there too.</param>
public sealed record RehearsedMigration(
    string Version,
    string File,
    bool InTransaction,
    RiskLevel Risk,
    double Milliseconds,
    IReadOnlyList<RehearsedStatement> Statements,
    IReadOnlyList<RehearsedObject> Objects,
    IReadOnlyList<LintCheck> Lint,
    MigrationError? Error);
