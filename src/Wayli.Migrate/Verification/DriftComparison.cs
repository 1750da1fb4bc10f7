using Wayli.Migrate.Fingerprints;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Compares a database's fingerprint with the fingerprint of what its applied migrations produce (their replay on a
/// scratch database), object by object, within a <see cref="DriftScope"/>.
/// </summary>
public static class DriftComparison
{
    static readonly string[] Relations = ["table", "partitioned table", "view", "materialized view", "sequence", "foreign table"];

    /// <summary>Every difference, sorted by the object it belongs to, then kind and identity.</summary>
    /// <param name="expected">What the migrations produce.</param>
    /// <param name="actual">What the database has.</param>
    /// <param name="scope">What is compared.</param>
    public static IReadOnlyList<DriftDifference> Compare(SchemaFingerprint expected, SchemaFingerprint actual, DriftScope scope)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scope);
        var difference = new SchemaFingerprint(expected.Objects.Where(scope.Includes)).CompareTo(new SchemaFingerprint(actual.Objects.Where(scope.Includes)));
        var relations = expected.Objects.Concat(actual.Objects).Where(o => Relations.Contains(o.Kind, StringComparer.Ordinal))
            .Select(o => o.Identity).ToHashSet(StringComparer.Ordinal);
        var differences = difference.Added.Where(o => !scope.IsInfrastructureSchema(o))
            .Select(o => new DriftDifference(Owner(o, relations), o.Kind, o.Identity, o.Schema, DriftChange.OnlyInDatabase, null, o.Definition))
            .Concat(difference.Removed.Select(o =>
                new DriftDifference(Owner(o, relations), o.Kind, o.Identity, o.Schema, DriftChange.MissingFromDatabase, o.Definition, null)))
            .Concat(difference.Changed.Select(c =>
                new DriftDifference(Owner(c.Before, relations), c.Before.Kind, c.Before.Identity, c.Before.Schema, DriftChange.Different,
                    c.Before.Definition, c.After.Definition)));
        return [.. differences
            .OrderBy(d => d.Group, StringComparer.Ordinal)
            .ThenBy(d => d.Group == d.Identity ? 0 : 1)
            .ThenBy(d => d.Kind, StringComparer.Ordinal)
            .ThenBy(d => d.Identity, StringComparer.Ordinal)];
    }

    // A column, constraint, index, policy, trigger or rule is named "<relation>.<name>": the longest relation prefix.
    // A publication's table is named "<publication> <relation>", and belongs with the table.
    static string Owner(SchemaObject o, HashSet<string> relations)
    {
        if (Relations.Contains(o.Kind, StringComparer.Ordinal))
            return o.Identity;
        if (o.Kind == "publication table")
        {
            for (var space = o.Identity.IndexOf(' ', StringComparison.Ordinal); space > 0; space = o.Identity.IndexOf(' ', space + 1))
            {
                if (relations.Contains(o.Identity[(space + 1)..]))
                    return o.Identity[(space + 1)..];
            }
            return o.Identity;
        }
        for (var dot = o.Identity.LastIndexOf('.'); dot > 0; dot = o.Identity.LastIndexOf('.', dot - 1))
        {
            if (relations.Contains(o.Identity[..dot]))
                return o.Identity[..dot];
        }
        return o.Identity;
    }
}
