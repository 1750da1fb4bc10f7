namespace Wayli.Migrate.Sql;

/// <summary>A place in a script as a person finds it in an editor.</summary>
/// <param name="Line">1-based line; LF, CR LF and a lone CR each end a line.</param>
/// <param name="Column">1-based column in Unicode code points (an emoji counts as one).</param>
public readonly record struct SqlLocation(int Line, int Column);
