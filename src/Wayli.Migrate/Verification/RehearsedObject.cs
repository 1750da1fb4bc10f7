using Wayli.Migrate.Fingerprints;

namespace Wayli.Migrate.Verification;

/// <summary>A schema object a rehearsed migration created, changed or dropped (the difference of two fingerprints).</summary>
/// <param name="Change">What happened to it.</param>
/// <param name="Kind">What it is: <c>table</c>, <c>column</c>, <c>index</c>, <c>policy</c>…</param>
/// <param name="Identity">Its name, schema-qualified.</param>
public sealed record RehearsedObject(ObjectChange Change, string Kind, string Identity)
{
    /// <summary>Every object of <paramref name="difference"/>, created first.</summary>
    public static IReadOnlyList<RehearsedObject> Of(SchemaDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return [.. difference.Added.Select(o => new RehearsedObject(ObjectChange.Created, o.Kind, o.Identity)),
            .. difference.Changed.Select(c => new RehearsedObject(ObjectChange.Changed, c.After.Kind, c.After.Identity)),
            .. difference.Removed.Select(o => new RehearsedObject(ObjectChange.Dropped, o.Kind, o.Identity))];
    }
}
