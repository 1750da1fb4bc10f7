using Wayli.Migrate.History;

namespace Wayli.Migrate.Runs;

/// <summary>What <c>bootstrap</c> found and did.</summary>
/// <param name="Database">The database, named safely.</param>
/// <param name="HistoryTable">The history table.</param>
/// <param name="Before">What the history table looked like before.</param>
/// <param name="Changes">What it changed, one line per role, column, privilege, policy or setting; empty when nothing.</param>
public sealed record BootstrapResult(string Database, string HistoryTable, HistoryShape Before, IReadOnlyList<string> Changes);
