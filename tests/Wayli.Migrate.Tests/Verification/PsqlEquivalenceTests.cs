using System.Diagnostics;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Tests.Verification;

/// <summary>
/// The tool must leave a database exactly as psql would: each real-world set (../shared/corpora, named by
/// WAYLI_CORPORA) is migrated by the tool into one database and applied file by file with psql into another, and the
/// two fingerprints must be equal. Without WAYLI_CORPORA the tests are skipped, visibly.
/// </summary>
/// <remarks>
/// Some sets seed rows with <c>now()</c> or random values, so even two psql runs differ in those rows. A second psql
/// run, the control, finds them; in them only the row count has to match.
/// </remarks>
public sealed class PsqlEquivalenceTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(Corpora.All), MemberType = typeof(Corpora))]
    public async Task The_tool_and_psql_leave_the_same_schema(string corpus)
    {
        var folder = Corpora.Folder(corpus);
        using var turn = await Corpora.TakeTurnAsync(corpus);
        var (byTool, byPsql, control) = (await PreparedDatabaseAsync(folder), await PreparedDatabaseAsync(folder), await PreparedDatabaseAsync(folder));

        var clock = Stopwatch.StartNew();
        if (Corpora.ChangesRoles(corpus))
        {
            await MigrateWithToolAsync(byTool, folder);
            await ApplyWithPsqlAsync(byPsql, folder);
            await ApplyWithPsqlAsync(control, folder);
        }
        else
        {
            await Task.WhenAll(MigrateWithToolAsync(byTool, folder), ApplyWithPsqlAsync(byPsql, folder), ApplyWithPsqlAsync(control, folder));
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus}: applied three times in parallel in {clock.Elapsed.TotalSeconds:F1} s");

        var reference = await CaptureAsync(byPsql);
        var nondeterministic = reference.CompareTo(await CaptureAsync(control)).Changed.Select(c => Key(c.Before)).ToHashSet();
        var difference = reference.CompareTo(await CaptureAsync(byTool));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{reference.Objects.Count} objects compared; rows that differ between two psql runs: {string.Join(", ", nondeterministic.Select(k => k.Item2))}");
        var real = difference with { Changed = difference.Changed.Where(c => !nondeterministic.Contains(Key(c.Before)) || !SameRowCount(c)).ToList() };

        Assert.True(real.IsEmpty, $"{corpus}: the tool's database differs from psql's (+ only in the tool's, - only in psql's):\n{real.Describe(20)}");
    }

    async Task<TestDatabase> PreparedDatabaseAsync(string folder)
    {
        var db = await server.CreateDatabaseAsync();
        // Not psql: the shim alters cluster-wide roles, and RunScriptAsync runs it again when another test's shim raced it.
        await db.RunScriptAsync(await File.ReadAllTextAsync(folder + ".before.sql", TestContext.Current.CancellationToken));
        return db;
    }

    static async Task MigrateWithToolAsync(TestDatabase db, string folder)
    {
        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
    }

    // No -1: some files cannot run in a transaction (CREATE INDEX CONCURRENTLY, DO blocks that COMMIT).
    static async Task ApplyWithPsqlAsync(TestDatabase db, string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
            await Psql.RunFileAsync(db.Url, file, TestContext.Current.CancellationToken);
    }

    // The tool's own history table and exec_sql exist before the first migration in its database only. The wayli
    // set also creates a table of that name itself (CREATE TABLE IF NOT EXISTS, a no-op where ours came first), so
    // everything on it differs by construction and is left out, with its sequences and indexes.
    static bool IsToolInfrastructure(SchemaObject o) =>
        o.Identity.StartsWith("public.database_migrations", StringComparison.Ordinal)
        || o.Identity == "public.exec_sql(text)";

    static (string, string) Key(SchemaObject o) => (o.Kind, o.Identity);

    // "3 rows, md5 …" or "not hashed: 3 rows": the count is the last number before "rows".
    static bool SameRowCount(SchemaChange change) =>
        change.Before.Kind == "rows" && RowCount(change.Before) == RowCount(change.After);

    static string RowCount(SchemaObject rows) => rows.Definition.Split(" rows", 2)[0].Split(' ')[^1];

    static async Task<SchemaFingerprint> CaptureAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await SchemaFingerprint.CaptureAsync(connection, new FingerprintOptions(Exclude: IsToolInfrastructure),
            TestContext.Current.CancellationToken);
    }

}
