using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Conversion;

/// <summary>One migration of another tool's project, as its reader understood it, before it is written in this tool's layout.</summary>
/// <param name="Kind">Versioned, repeatable, or a callback.</param>
/// <param name="Version">The version as the tool writes it (<c>00001</c>, <c>1.1</c>); null for repeatables and callbacks.</param>
/// <param name="Description">The description from its file name (a repeatable's or callback's name).</param>
/// <param name="Up">What applies it.</param>
/// <param name="Down">What reverts it; null when it has no down part.</param>
/// <param name="UpNoTransaction">True when the tool ran its up part outside a transaction.</param>
/// <param name="DownNoTransaction">True when the tool ran its down part outside a transaction.</param>
/// <param name="From">The files it came from.</param>
internal sealed record SourceMigration(MigrationKind Kind, string? Version, string Description, string Up, string? Down, bool UpNoTransaction,
    bool DownNoTransaction, IReadOnlyList<string> From);
