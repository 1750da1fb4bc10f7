using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Runs;

/// <summary>
/// One of <see cref="Count"/> disjoint slices of a many-database run, so that several machines (a Kubernetes Indexed
/// Job's pods) share the targets, each migrating its own. A database belongs to the shard its identity (host, port
/// and database name, not the user or password) hashes to: the same on every machine and every run, whatever the
/// order of the list, and every database in exactly one shard.
/// </summary>
/// <param name="Index">This shard, from 0.</param>
/// <param name="Count">How many shards there are.</param>
public sealed record TargetShard(int Index, int Count)
{
    /// <summary>Reads <c>INDEX/COUNT</c>, or <c>COUNT</c> alone with the index from <paramref name="defaultIndex"/>.</summary>
    /// <param name="text">The text, such as <c>2/4</c>.</param>
    /// <param name="defaultIndex">The index when the text gives none (Kubernetes' <c>JOB_COMPLETION_INDEX</c>), if any.</param>
    /// <param name="name">How the user names the option, for messages.</param>
    /// <exception cref="MigrateException">The text is not a shard, or gives no index and there is no default (<see cref="FailureKind.Usage"/>).</exception>
    public static TargetShard Parse(string text, int? defaultIndex, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            throw new MigrateException(FailureKind.Usage, $"{name} '{text}' is not INDEX/COUNT (such as 2/4) or COUNT: the count must be a whole number, 1 or more");
        int index;
        if (slash < 0)
        {
            index = defaultIndex ?? throw new MigrateException(FailureKind.Usage,
                $"{name} {text} gives no index: write INDEX/COUNT (such as 0/{text}), or run in a Kubernetes Indexed Job, which sets JOB_COMPLETION_INDEX");
        }
        else if (!int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw new MigrateException(FailureKind.Usage, $"{name} '{text}' is not INDEX/COUNT (such as 2/4): the index must be a whole number");
        }
        if (index >= count)
            throw new MigrateException(FailureKind.Usage, $"{name} {index}/{count}: the index counts from 0, so it must be below {count}");
        return new TargetShard(index, count);
    }

    /// <summary>True when the database belongs to this shard.</summary>
    internal bool Includes(ConnectionSettings database)
    {
        var identity = $"{(database.Builder.Host ?? "localhost").ToUpperInvariant()}:{database.Builder.Port.ToString(CultureInfo.InvariantCulture)}/{database.Database}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)Count) == Index;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";
}
