using System.Text;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Integration;

/// <summary>Changed files after they were applied: refused, unless the change is only line endings or a BOM.</summary>
public sealed class DriftTests(PostgresServer server)
{
    const string First = "20250101000000_first.sql";
    const string FirstSql = "CREATE TABLE drift_a (id int);\nCREATE TABLE drift_b (id int);\n";

    [Fact]
    public async Task An_edited_applied_file_stops_migrate_and_validate_and_changes_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var first = folder.Write(First, FirstSql);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        File.WriteAllText(first, FirstSql + "CREATE TABLE drift_c (id int);\n");
        folder.Write("20250102000000_second.sql", "CREATE TABLE drift_second (id int);\n");
        var before = await db.FingerprintAsync();

        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(migrate.ExitCode == ExitCodes.Validation, migrate.ToString());
        Assert.Contains(First, migrate.Error, StringComparison.Ordinal);
        Assert.Contains("changed after it was applied", migrate.Error, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == ExitCodes.Validation, validate.ToString());
        Assert.Contains(First, validate.Error, StringComparison.Ordinal);
        Assert.Equal(before, await db.FingerprintAsync());
        Assert.False(await db.ExistsAsync("public.drift_second"), "nothing may be applied while drift stands");

        var allowed = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path, "--allow-drift");
        Assert.True(allowed.ExitCode == ExitCodes.Ok, allowed.ToString());
        Assert.True(await db.ExistsAsync("public.drift_second"));
        Assert.False(await db.ExistsAsync("public.drift_c"), "--allow-drift must not re-run the changed file");
    }

    [Theory]
    [InlineData("crlf")]
    [InlineData("bom")]
    [InlineData("bom+crlf")]
    public async Task Line_ending_and_bom_variants_of_an_applied_file_are_not_drift(string variant)
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var path = folder.Write(First, FirstSql);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        var text = variant.Contains("crlf", StringComparison.Ordinal) ? FirstSql.Replace("\n", "\r\n", StringComparison.Ordinal) : FirstSql;
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(path, variant.Contains("bom", StringComparison.Ordinal) ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);

        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains("up to date", migrate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bom_and_crlf_file_applies_from_scratch()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.WriteBytes(First, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(FirstSql.Replace("\n", "\r\n", StringComparison.Ordinal))]);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(await db.ExistsAsync("public.drift_b"));
    }

    [Fact]
    public async Task A_history_row_without_a_file_is_reported_by_validate_but_does_not_block_migrate()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        var path = folder.Write(First, FirstSql);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path)).ExitCode);
        File.Delete(path);
        folder.Write("20250102000000_second.sql", "CREATE TABLE drift_second (id int);\n");

        var validate = await Tool.RunAsync("validate", "--db-url", db.Url, "--dir", folder.Path);
        var migrate = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);

        Assert.True(validate.ExitCode == ExitCodes.Validation, validate.ToString());
        Assert.Contains("20250101000000", validate.Error, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == ExitCodes.Ok, migrate.ToString());
        Assert.Contains("no file has that version", migrate.Error, StringComparison.Ordinal);
    }
}
