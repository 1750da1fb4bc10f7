using System.Security.Cryptography;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>A history table written by the original TypeScript service: adopted and upgraded, never re-applied.</summary>
public sealed class LegacyHistoryTests(PostgresServer server)
{
    [Fact]
    public async Task The_original_services_table_is_upgraded_in_place_and_its_md5_rows_count_as_applied()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        // Not idempotent on purpose: if either were applied again the run would fail.
        var first = folder.Write("20250101000000_first.sql", "CREATE TABLE legacy_marker (id int);\r\n");
        var second = folder.Write("20250102000000_second.sql", "INSERT INTO legacy_marker VALUES (1);\n");
        folder.Write("20250103000000_third.sql", "INSERT INTO legacy_marker VALUES (3);\n");
        await db.ExecuteAsync($"""
            CREATE TABLE public.database_migrations (
                version VARCHAR(20) PRIMARY KEY,
                name VARCHAR(255) NOT NULL,
                checksum VARCHAR(32) NOT NULL,
                applied_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
                execution_time_ms INTEGER,
                error_message TEXT);
            CREATE TABLE legacy_marker (id int);
            INSERT INTO legacy_marker VALUES (1);
            INSERT INTO public.database_migrations (version, name, checksum, execution_time_ms) VALUES
                ('20250101000000', 'first', '{Md5(first)}', 12),
                ('20250102000000', 'second', '{Md5(second)}', 3);
            """);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("upgraded", result.Output, StringComparison.Ordinal);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM legacy_marker"));
        var rows = await db.HistoryAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal(Md5(first), rows[0].Checksum);
        Assert.Equal(12, rows[0].Ms);
        Assert.All(rows, row => Assert.True(row.Success));
        Assert.Equal(64, await db.ScalarAsync<int>(
            "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'database_migrations' AND column_name = 'checksum'"));
        // VARCHAR(20) could not hold every version a file name may have.
        Assert.Equal("text", await db.ScalarAsync<string>(
            "SELECT data_type::text FROM information_schema.columns WHERE table_name = 'database_migrations' AND column_name = 'version'"));

        var status = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
    }

    static string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));
}
