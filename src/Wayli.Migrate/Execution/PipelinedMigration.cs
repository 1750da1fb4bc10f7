using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Execution;

/// <summary>A transactional migration in a pipeline, with its text read for the run.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Content">Its text and statements, held until the pipeline is done.</param>
/// <param name="VersionText">The version as recorded in history.</param>
/// <param name="DeferFlush">True when a later synchronous commit of the run flushes this one's WAL (see
/// <see cref="TransactionalApplier"/>).</param>
internal sealed record PipelinedMigration(Migration Migration, MigrationContent Content, string VersionText, bool DeferFlush);
