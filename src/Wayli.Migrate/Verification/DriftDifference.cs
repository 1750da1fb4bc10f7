namespace Wayli.Migrate.Verification;

/// <summary>One object whose definition in the database is not what the applied migrations produce.</summary>
/// <param name="Group">The object it belongs to, for grouping: the table of a column, constraint, index, policy,
/// trigger or rule; the object itself otherwise.</param>
/// <param name="Kind">What it is: <c>table</c>, <c>column</c>, <c>index</c>, <c>policy</c>, <c>function</c>…</param>
/// <param name="Identity">Its name, schema-qualified (<c>public.trips.trips_title_idx</c>; a function by its signature).</param>
/// <param name="Schema">The schema it lives in; null for an object of the whole database (a publication).</param>
/// <param name="Change">How it differs.</param>
/// <param name="Expected">Its definition as the migrations make it; null when they do not make it.</param>
/// <param name="Actual">Its definition in the database; null when the database lacks it.</param>
public sealed record DriftDifference(string Group, string Kind, string Identity, string? Schema, DriftChange Change, string? Expected, string? Actual)
{
    /// <inheritdoc />
    public override string ToString() => Change switch
    {
        DriftChange.OnlyInDatabase => $"{Kind} {Identity}: only in the database (added by hand): {Actual}",
        DriftChange.MissingFromDatabase => $"{Kind} {Identity}: missing from the database (dropped by hand): {Expected}",
        _ => $"{Kind} {Identity}: different\n    migrations: {Expected}\n    database:   {Actual}",
    };
}
