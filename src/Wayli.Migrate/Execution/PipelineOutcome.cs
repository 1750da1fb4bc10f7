namespace Wayli.Migrate.Execution;

/// <summary>How a pipeline ended: how many of its migrations committed, in order, and the error that stopped the next one.</summary>
/// <param name="Committed">The number of migrations, from the pipeline's first, that committed.</param>
/// <param name="Error">Why the migration after those failed (it was rolled back, and nothing after it ran); null when all committed.</param>
internal sealed record PipelineOutcome(int Committed, MigrationError? Error);
