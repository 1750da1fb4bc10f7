using Wayli.Migrate.Execution;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Verification;

/// <summary>The idempotency verdict on one migration.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Outcome">What its second run did.</param>
/// <param name="Error">The error of a failed run, located in the file.</param>
/// <param name="Difference">What the second run changed, for <see cref="IdempotencyOutcome.ChangesOnRerun"/>.</param>
public sealed record IdempotencyResult(Migration Migration, IdempotencyOutcome Outcome, MigrationError? Error = null, SchemaDifference? Difference = null);
