using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>One set, many databases (a database per tenant): N at a time, each under its own lock.</summary>
public sealed class MultiTargetTests(PostgresServer server)
{
    [Fact]
    public async Task Fifty_databases_are_migrated_and_one_failure_does_not_stop_the_others()
    {
        var databases = new List<TestDatabase>();
        for (var i = 0; i < 50; i++)
            databases.Add(await server.CreateDatabaseAsync());
        // A tenant whose database already has a conflicting table: its first migration fails.
        await databases[7].ExecuteAsync("CREATE TABLE tenants (id text);");
        using var folder = new MigrationFolder();
        folder.Write("1_tenants.sql", "CREATE TABLE tenants (id int PRIMARY KEY);\n");
        folder.Write("2_notes.sql", "CREATE TABLE notes (id int, tenant int REFERENCES tenants);\n");
        var targets = Path.Combine(folder.Path, "targets.txt");
        File.WriteAllLines(targets, ["# one URL per line", .. databases.Select(d => d.Url)]);

        var result = await Tool.RunAsync("migrate", "--dir", folder.Path, "--targets", targets, "--parallel", "8");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("49 of 50 database(s) at the wanted state", result.Output, StringComparison.Ordinal);
        Assert.Contains(databases[7].Name, result.Output.Split('\n').Single(l => l.Contains("FAILED", StringComparison.Ordinal)), StringComparison.Ordinal);
        for (var i = 0; i < databases.Count; i++)
        {
            if (i != 7)
                Assert.True(await databases[i].ExistsAsync("public.notes"), databases[i].Name);
        }
        Assert.DoesNotContain(databases[0].Password, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_fast_starts_no_further_database_after_a_failure_and_a_catalog_query_lists_the_targets()
    {
        var broken = await server.CreateDatabaseAsync();
        await broken.ExecuteAsync("CREATE TABLE tenants (id text);");
        var others = new List<TestDatabase>();
        for (var i = 0; i < 3; i++)
            others.Add(await server.CreateDatabaseAsync());
        var catalog = await server.CreateDatabaseAsync();
        await catalog.ExecuteAsync("CREATE TABLE tenant_databases (position int, url text);");
        var all = new[] { broken }.Concat(others).ToList();
        for (var i = 0; i < all.Count; i++)
            await catalog.ExecuteAsync($"INSERT INTO tenant_databases VALUES ({i}, '{all[i].Url}');");
        using var folder = new MigrationFolder();
        folder.Write("1_tenants.sql", "CREATE TABLE tenants (id int PRIMARY KEY);\n");

        var result = await Tool.RunAsync("migrate", "--dir", folder.Path, "--db-url", catalog.Url,
            "--targets-query", "SELECT url FROM tenant_databases ORDER BY position", "--parallel", "1", "--fail-fast");

        Assert.True(result.ExitCode == ExitCodes.MigrationFailed, result.ToString());
        Assert.Contains("3 skipped", result.Output, StringComparison.Ordinal);
        Assert.All(others, db => Assert.False(db.ExistsAsync("public.tenants").Result));
    }
}
