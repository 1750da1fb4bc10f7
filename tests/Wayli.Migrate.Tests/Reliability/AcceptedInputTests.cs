using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 5, the inputs of the catalogue that are not errors by design, counted apart from the bad ones: a
/// byte order mark, Windows or mixed line endings, empty and comment-only files, a version longer than any integer
/// type, a description in any script. Each is applied, recorded, and given the checksum of its normalised text.
/// </summary>
public sealed class AcceptedInputTests(PostgresServer server)
{
    const string Sql = "CREATE TABLE accepted (id int);\nINSERT INTO accepted VALUES (1);\n";

    static readonly Dictionary<string, AcceptedInput> Inputs = new(StringComparer.Ordinal)
    {
        ["UTF-8 byte order mark"] = new("20250101000000_bom.sql", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Sql)], Sql),
        ["CRLF line endings"] = new("20250101000000_crlf.sql", Encoding.UTF8.GetBytes(Sql.Replace("\n", "\r\n", StringComparison.Ordinal)), Sql),
        ["BOM and CRLF"] = new("20250101000000_both.sql", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Sql.Replace("\n", "\r\n", StringComparison.Ordinal))], Sql),
        ["mixed line endings CRLF/LF/CR"] = new("20250101000000_mixed.sql",
            Encoding.UTF8.GetBytes("CREATE TABLE accepted (id int);\r\nINSERT INTO accepted VALUES (1);\nSELECT 1;\rSELECT 2;\n"),
            "CREATE TABLE accepted (id int);\nINSERT INTO accepted VALUES (1);\nSELECT 1;\rSELECT 2;\n"),
        ["empty file"] = new("20250101000000_empty.sql", [], "", CreatesTable: false),
        ["only comments"] = new("20250101000000_comments.sql", Encoding.UTF8.GetBytes("-- nothing yet\n/* to do */\n"), "-- nothing yet\n/* to do */\n", CreatesTable: false),
        ["only whitespace and semicolons"] = new("20250101000000_blank.sql", Encoding.UTF8.GetBytes("\n\t ;\n;\n"), "\n\t ;\n;\n", CreatesTable: false),
        ["a 40-digit version"] = new("1234567890123456789012345678901234567890_long.sql", Encoding.UTF8.GetBytes(Sql), Sql),
        ["description: other scripts, spaces"] = new("20250101000000_créer la tâche 😀.sql", Encoding.UTF8.GetBytes(Sql), Sql),
        ["a late directive (a plain comment)"] = new("20250101000000_late.sql",
            Encoding.UTF8.GetBytes(Sql + "-- migrate:no-transaction\n"), Sql + "-- migrate:no-transaction\n"),
    };

    public static TheoryData<string> Cases => new(Inputs.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Inputs_accepted_by_design_are_applied_recorded_and_checksummed_as_normalised_text(string name)
    {
        var input = Inputs[name];
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.WriteBytes(input.FileName, input.Bytes);

        var result = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var again = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        var history = await db.HistoryAsync();
        var recordedName = history.Count == 1 ? await db.ScalarAsync<string>("SELECT version || ' ' || name FROM public.database_migrations") : "";

        var expectedChecksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.Normalised)));
        var held = result.ExitCode == ExitCodes.Ok && again.ExitCode == ExitCodes.Ok && history.Count == 1 && history[0].Success
            && history[0].Checksum == expectedChecksum;
        ReliabilityReport.Record($"accepted input: {name}", 1, held ? 1 : 0,
            $"exit {result.ExitCode}; recorded {recordedName} success={history.FirstOrDefault().Success}; second run: {FirstLine(again.Output)}");
        ReliabilityChecks.AssertNoSecrets(result, db.Password);
        ReliabilityChecks.AssertNoSecrets(again, db.Password);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("up to date", again.Output, StringComparison.Ordinal);
        var row = Assert.Single(history);
        Assert.True(row.Success);
        Assert.Equal(expectedChecksum, row.Checksum);
        var stem = input.FileName[..^".sql".Length];
        var underscore = stem.IndexOf('_', StringComparison.Ordinal);
        Assert.Equal(stem[..underscore] + " " + stem[(underscore + 1)..], recordedName);
        Assert.Equal(input.CreatesTable, await db.ExistsAsync("public.accepted"));
    }

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    /// <param name="FileName">The file's name.</param>
    /// <param name="Bytes">Its bytes on disk.</param>
    /// <param name="Normalised">Its text once the BOM is removed and CRLF turned into LF: the checksum is over this.</param>
    /// <param name="CreatesTable">True when it creates the table <c>accepted</c>.</param>
    sealed record AcceptedInput(string FileName, byte[] Bytes, string Normalised, bool CreatesTable = true);
}
