namespace Wayli.Migrate.Tests.Support;

/// <summary>A test collection that runs after the parallel ones, with nothing else running.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
