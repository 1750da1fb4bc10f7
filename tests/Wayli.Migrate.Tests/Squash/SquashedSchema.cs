using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Squash;

/// <summary>
/// What two databases migrated differently must share: the whole schema, and each table's row count (not the rows'
/// values: real sets insert times and random ids, which differ on every run; squash's own proof compares values where
/// the originals reproduce them), the history table aside.
/// </summary>
internal static class SquashedSchema
{
    public static async Task<SchemaFingerprint> OfAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await SchemaFingerprint.CaptureAsync(connection, new FingerprintOptions(MaxRowsToHash: 0, Exclude: o => o.Identity.Contains("database_migrations", StringComparison.Ordinal)),
            TestContext.Current.CancellationToken);
    }

    public static async Task AssertSameAsync(TestDatabase expected, TestDatabase actual)
    {
        var difference = (await OfAsync(expected)).CompareTo(await OfAsync(actual));
        Assert.True(difference.IsEmpty, difference.Describe());
    }
}
