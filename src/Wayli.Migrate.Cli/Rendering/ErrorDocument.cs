using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Why a command failed, as its JSON document's <c>error</c>.</summary>
/// <param name="Kind">What kind of failure: <c>usage</c>, <c>validation</c>, <c>migration-failed</c>, <c>connection</c>,
/// <c>connection-rejected</c>, <c>lock-timeout</c>, <c>cancelled</c> or <c>internal</c>.</param>
/// <param name="Message">What happened and what to do.</param>
/// <param name="Problems">Every problem with the files, when that is why.</param>
internal sealed record ErrorDocument(string Kind, string Message, IReadOnlyList<SourceProblem> Problems);
