namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// The reliability tests that start many migrator processes (concurrency rounds, kill loops): they run one after the
/// other, not against each other, so each one's figures describe it alone.
/// </summary>
[CollectionDefinition(nameof(ReliabilityProcesses))]
public sealed class ReliabilityProcesses;
