namespace Wayli.Migrate.Runs;

/// <summary>What <c>diff</c> is asked for.</summary>
/// <param name="Name">The new migration's description (its file is <c>YYYYMMDDHHMMSS_name.sql</c>).</param>
/// <param name="ToUrl">The database to reproduce, when not the options' database.</param>
/// <param name="WriteFile">False to return the SQL without writing a file (<c>--stdout</c>).</param>
/// <param name="AllowDestructive">Also write what drops data (a table, a column) or may (a type change).</param>
/// <param name="ToFile">A schema file to reproduce (applied to a scratch database of its own), instead of a database.</param>
public sealed record DiffRequest(string Name = "diff", string? ToUrl = null, bool WriteFile = true, bool AllowDestructive = false, string? ToFile = null);
