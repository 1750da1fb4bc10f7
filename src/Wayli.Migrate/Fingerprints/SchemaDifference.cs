using System.Text;

namespace Wayli.Migrate.Fingerprints;

/// <summary>What changed from one <see cref="SchemaFingerprint"/> to another.</summary>
/// <param name="Added">Objects only in the second fingerprint, sorted by kind and identity.</param>
/// <param name="Removed">Objects only in the first.</param>
/// <param name="Changed">Objects in both whose definitions differ.</param>
public sealed record SchemaDifference(
    IReadOnlyList<SchemaObject> Added,
    IReadOnlyList<SchemaObject> Removed,
    IReadOnlyList<SchemaChange> Changed)
{
    /// <summary>True when the two fingerprints are equal.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>How many objects differ.</summary>
    public int Count => Added.Count + Removed.Count + Changed.Count;

    /// <summary>
    /// The differences for a person, one object per entry (<c>+</c> added, <c>-</c> removed, <c>~</c> changed),
    /// at most <paramref name="limit"/> of them, then how many more there are.
    /// </summary>
    public string Describe(int limit = 20)
    {
        var text = new StringBuilder();
        foreach (var line in Lines().Take(limit))
            text.AppendLine(line);
        if (Count > limit)
            text.Append("… and ").Append(Count - limit).AppendLine(" more");
        return text.ToString();
    }

    /// <summary>Every difference, one object per entry: <c>+</c> added, <c>-</c> removed, <c>~</c> changed.</summary>
    public IReadOnlyList<string> Lines() =>
        [.. Added.Select(o => $"+ {o}"), .. Removed.Select(o => $"- {o}"), .. Changed.Select(c => $"~ {c}")];

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? "no differences" : Describe();
}
