using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>A migration's text and its statements: what a run holds of one migration while applying it.</summary>
/// <param name="Sql">The text, without a byte order mark.</param>
/// <param name="Script">The text split into statements.</param>
internal sealed record MigrationContent(string Sql, SqlScript Script);
