namespace Wayli.Migrate.Diffs;

/// <summary>SQL that brings one object to what the other database has.</summary>
/// <param name="Phase">Where it goes in the file: types before tables, tables before constraints and views, drops last.</param>
/// <param name="Kind">The object's kind, as the fingerprint names it.</param>
/// <param name="Identity">Its name.</param>
/// <param name="Action">What the SQL does: <c>create</c>, <c>change</c> or <c>drop</c>.</param>
/// <param name="Sql">The statements, each ending in a semicolon.</param>
/// <param name="Position">Orders steps of one phase that must keep an order (a table's new columns).</param>
/// <param name="Review">What a reviewer must look at before it runs on a database with rows, when anything (also
/// written in the file, above the statement).</param>
public sealed record DiffStep(int Phase, string Kind, string Identity, string Action, string Sql, int Position = 0, string? Review = null);
