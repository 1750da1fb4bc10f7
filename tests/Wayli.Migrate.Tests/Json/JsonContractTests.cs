using System.Text.Json;
using System.Text.Json.Nodes;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Json;

/// <summary>
/// One JSON contract: every command's <c>--json</c> document has a schema in docs/json/, exported from its result
/// records, and what the commands print conforms to it, on success and on every kind of failure.
/// </summary>
public sealed class JsonContractTests(PostgresServer server)
{
    static string SchemaPath(string command) => Path.Combine(Paths.Repository, "docs", "json", $"{command}.schema.json");

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Commands() => new(JsonSchemas.Commands.Keys);

    [Fact]
    public void Every_command_but_sandbox_has_a_json_document()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, _ => null, Directory.GetCurrentDirectory()));

        Assert.Equal(root.Subcommands.Select(c => c.Name).Where(c => c != "sandbox").Order(StringComparer.Ordinal), JsonSchemas.Commands.Keys);
        Assert.All(root.Subcommands.Where(c => c.Name != "sandbox"), c => Assert.Contains(c.Options, o => o.Name == "--json"));
    }

    /// <summary>Set WAYLI_UPDATE_JSON_SCHEMAS=1 to write the schemas after a deliberate change of a result record.</summary>
    [Theory]
    [MemberData(nameof(Commands))]
    public void The_schema_in_docs_json_is_the_one_the_result_records_give(string command)
    {
        var expected = JsonSchemas.For(command).ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable("WAYLI_UPDATE_JSON_SCHEMAS") == "1")
            File.WriteAllText(SchemaPath(command), expected);

        Assert.True(File.Exists(SchemaPath(command)), $"docs/json/{command}.schema.json is missing (WAYLI_UPDATE_JSON_SCHEMAS=1 writes it)");
        Assert.Equal(expected, File.ReadAllText(SchemaPath(command)));
    }

    [Fact]
    public async Task Every_command_prints_documents_its_schema_accepts_on_success_and_on_each_kind_of_failure()
    {
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write("1_one.sql", "CREATE TABLE IF NOT EXISTS one (id int);\n");
        folder.Write("2_two.sql", "CREATE TABLE two (id int);\n");
        using var broken = new MigrationFolder();
        broken.Write("1_broken.sql", "SELECT 'unterminated;\n");
        using var failing = new MigrationFolder();
        failing.Write("1_failing.sql", "SELECT 1/0;\n");
        using var reversible = new MigrationFolder();
        reversible.Write("1_reversible.sql", "CREATE TABLE reversible (id int);\n-- migrate:down\nDROP TABLE reversible;\n");
        string[] reversibleHistory = ["--dir", reversible.Path, "--table", "reversible_history"];
        using var golang = new MigrationFolder();
        golang.Write("1_init.up.sql", "CREATE TABLE converted (id int);\n");
        golang.Write("1_init.down.sql", "DROP TABLE converted;\n");
        using var goose = new MigrationFolder();
        goose.Write("00001_no_annotation.sql", "CREATE TABLE converted (id int);\n");
        var dist = Path.Combine(folder.Path, "dist");
        var targets = Path.Combine(folder.Path, "targets.txt");
        var lintBaseline = Path.Combine(folder.Path, "lint-baseline.json");
        await File.WriteAllLinesAsync(targets, [db.Url], TestContext.Current.CancellationToken);
        var unreachable = $"postgres://postgres:x@127.0.0.1:{Local.LocalCluster.FreePort()}/postgres";
        var rejected = db.Url.Replace(db.Password, "wrong-password", StringComparison.Ordinal);
        string[] dir = ["--dir", folder.Path];
        string[] url = ["--db-url", db.Url];
        var runs = new List<(string[] Args, int Exit)>
        {
            (["setup"], ExitCodes.Ok),
            (["bootstrap", .. url], ExitCodes.Ok),
            (["lint", .. dir], ExitCodes.Validation),
            (["lint", "--dir", broken.Path], ExitCodes.Validation),
            (["lint", .. dir, "--write-baseline", lintBaseline], ExitCodes.Ok),
            (["lint", .. dir, "--baseline", lintBaseline], ExitCodes.Ok),
            (["lint", .. dir, "--baseline", Path.Combine(folder.Path, "no-baseline.json")], ExitCodes.Usage),
            (["lint", .. url, .. dir, "--pending"], ExitCodes.Validation),
            (["build", .. dir, "--out", dist], ExitCodes.Ok),
            (["squash", .. dir, "--any-version", "--to", "2", "--scratch-url", server.Cluster.Url()], ExitCodes.Ok),
            (["squash", .. dir, "--any-version", "--to", "9", "--scratch-url", server.Cluster.Url()], ExitCodes.Usage),
            (["build", "--dir", broken.Path], ExitCodes.Validation),
            (["new", "an example", "--dir", Path.Combine(folder.Path, "new")], ExitCodes.Ok),
            (["dev", "status", "--dev-dir", Path.Combine(folder.Path, "dev")], ExitCodes.Ok),
            (["dev", "url", "--dev-dir", Path.Combine(folder.Path, "dev")], ExitCodes.Usage),
            (["validate", .. dir], ExitCodes.Ok),
            (["validate", "--dir", broken.Path], ExitCodes.Validation),
            (["plan", .. url, .. dir, "--sql"], ExitCodes.Ok),
            (["status", .. url, .. dir], ExitCodes.Ok),
            (["migrate", .. url, .. dir], ExitCodes.Ok),
            (["migrate", .. url, "--dir", broken.Path], ExitCodes.Validation),
            (["migrate", .. url, "--dir", failing.Path, "--table", "failing_history"], ExitCodes.MigrationFailed),
            (["migrate", "--targets", targets, .. dir], ExitCodes.Ok),
            (["migrate", "--targets", targets, "--shard", "0/2", .. dir], ExitCodes.Ok),
            (["migrate", "--db-url", unreachable, .. dir], ExitCodes.Connection),
            (["migrate", "--db-url", rejected, .. dir], ExitCodes.ConnectionRejected),
            (["migrate", .. dir], ExitCodes.Usage),
            (["run", .. url, "--bundle", Path.Combine(dist, "migrations.bundle.json")], ExitCodes.Ok),
            (["status", .. url, .. dir], ExitCodes.Ok),
            (["validate", .. url, "--dir", failing.Path, "--table", "failing_history"], ExitCodes.Validation),
            (["test", .. url, .. dir], ExitCodes.Validation),
            // failing_history, the history table of the failed run above, is a table no migration made: drift.
            (["drift", .. url, .. dir, "--scratch-url", server.Cluster.Url()], ExitCodes.Validation),
            (["drift", .. url, .. dir, "--scratch-url", server.Cluster.Url(), "--table", "no_history_here"], ExitCodes.Validation),
            (["diff", .. url, .. dir, "--scratch-url", server.Cluster.Url(), "--stdout"], ExitCodes.Ok),
            (["diff", .. dir, "--to-url", unreachable], ExitCodes.Connection),
            (["baseline", .. url, .. dir, "--version", "2"], ExitCodes.Ok),
            (["repair", .. url, .. dir], ExitCodes.Ok),
            (["repair", .. url, .. dir, "--mark-pending", "9"], ExitCodes.Validation),
            (["adopt", .. url, .. dir, "--from", "supabase"], ExitCodes.Validation),
            (["down", .. url, .. dir, "--steps", "1"], ExitCodes.Validation),
            (["migrate", .. url, .. reversibleHistory], ExitCodes.Ok),
            (["plan", .. url, .. reversibleHistory, "--down", "--steps", "1"], ExitCodes.Ok),
            (["down", .. url, .. reversibleHistory, "--steps", "1", "--yes"], ExitCodes.Ok),
            (["plan", .. url, .. reversibleHistory, "--rehearse", "--scratch-url", server.Cluster.Url()], ExitCodes.Ok),
            (["plan", .. url, "--dir", failing.Path, "--table", "failing_history", "--rehearse", "--scratch-url", server.Cluster.Url()], ExitCodes.MigrationFailed),
            (["down", .. url, .. reversibleHistory, "--to", "x"], ExitCodes.Usage),
            (["adopt", "--from", "golang-migrate", "--source-dir", golang.Path, "--dir", Path.Combine(golang.Path, "converted")], ExitCodes.Ok),
            (["adopt", .. url, "--from", "golang-migrate", "--source-dir", golang.Path, "--dir", Path.Combine(golang.Path, "converted"), "--table", "converted_history"], ExitCodes.Validation),
            (["adopt", "--from", "goose", "--source-dir", goose.Path, "--dir", Path.Combine(goose.Path, "converted")], ExitCodes.Validation),
        };
        var problems = new List<string>();
        foreach (var (args, exit) in runs)
        {
            var result = await Tool.RunAsync([.. args, "--json"]);
            var label = string.Join(' ', args.Select(a => a.Replace(db.Password, "…", StringComparison.Ordinal)));
            if (result.ExitCode != exit)
                problems.Add($"{label}: exit {result.ExitCode}, expected {exit}\n{result.Error}");
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(result.Output);
            }
            catch (JsonException e)
            {
                problems.Add($"{label}: stdout is not one JSON document ({e.Message}):\n{result.Output}");
                continue;
            }
            var schema = JsonNode.Parse(await File.ReadAllTextAsync(SchemaPath(args[0]), TestContext.Current.CancellationToken))!;
            problems.AddRange(new JsonSchemaValidator(schema).Validate(document).Select(e => $"{label}: {e}"));
            if (document?["exitCode"]?.GetValue<int>() != result.ExitCode)
                problems.Add($"{label}: the document's exitCode is not the process's {result.ExitCode}");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_validator_rejects_a_document_its_schema_does_not_describe()
    {
        var schema = JsonSchemas.For("build");
        var good = JsonNode.Parse("""{ "command": "build", "exitCode": 0, "bundle": "b", "digest": "d", "migrations": 4 }""");
        var stringCount = JsonNode.Parse("""{ "command": "build", "exitCode": 0, "bundle": "b", "digest": "d", "migrations": "4" }""");
        var extra = JsonNode.Parse("""{ "command": "build", "exitCode": 0, "bundle": "b", "digest": "d", "migrations": 4, "more": 1 }""");
        var missing = JsonNode.Parse("""{ "command": "build", "exitCode": 0, "bundle": "b", "migrations": 4 }""");

        var validator = new JsonSchemaValidator(schema);

        Assert.Empty(validator.Validate(good));
        Assert.NotEmpty(validator.Validate(stringCount));
        Assert.NotEmpty(validator.Validate(extra));
        Assert.NotEmpty(validator.Validate(missing));
    }
}
