using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// Every command a page of <c>docs/</c> shows in an <c>sh</c> block is run, in page order, and must exit as the page
/// says (see <c>docs/README.md</c> for the conventions). Each page is one scenario: a new folder holding the example
/// migrations at <c>supabase/migrations</c>, and a new database in <c>DATABASE_URL</c>.
/// </summary>
public sealed class DocsScenarioTests(PostgresServer server)
{
    /// <summary>The pages that have at least one runnable block.</summary>
    public static TheoryData<string> RunnablePages => new(DocPage.All.Where(p => p.Blocks.Any(IsRunnable)).Select(p => p.Name));

    [Fact]
    public void The_docs_show_runnable_commands_and_every_line_of_an_sh_block_is_one()
    {
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://user:secret@localhost:5432/app" };

        var commands = DocPage.All.SelectMany(p => p.Blocks).Where(IsRunnable).SelectMany(b => DocCommand.Parse(b, environment)).ToList();

        Assert.True(commands.Count >= 40, $"only {commands.Count} runnable commands found in docs/");
        Assert.All(commands, c => Assert.NotEmpty(c.Arguments));
    }

    [Theory]
    [MemberData(nameof(RunnablePages))]
    public async Task Every_command_on_the_page_exits_as_the_page_says(string page)
    {
        var doc = DocPage.Load(page);
        var db = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("wayli-migrate-docs-").FullName;
        try
        {
            var migrations = Directory.CreateDirectory(Path.Combine(folder, "supabase", "migrations")).FullName;
            foreach (var file in Directory.GetFiles(Paths.ExampleMigrations))
                File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
            var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["DATABASE_URL"] = db.Url };
            var ran = 0;
            foreach (var block in doc.Blocks)
            {
                if (block.Attributes.TryGetValue("file", out var file))
                    WriteFile(folder, file, block);
                if (!IsRunnable(block))
                    continue;
                foreach (var command in DocCommand.Parse(block, environment))
                {
                    if (command.Arguments[0] == "sandbox")
                        ToolOnPath.Ensure();
                    var result = await Tool.RunInAsync(folder, command.Environment, [.. command.Arguments]);
                    Assert.True(result.ExitCode == command.ExpectedExitCode,
                        $"{command.Location}: `{command.Text}` exited {result.ExitCode}; the page says {command.ExpectedExitCode}\n{result}");
                    ran++;
                }
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"docs/{page}: {ran} command(s) ran as documented");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static bool IsRunnable(CodeBlock block) => block.Language == "sh";

    static void WriteFile(string folder, string relativePath, CodeBlock block)
    {
        var path = Path.GetFullPath(relativePath, folder);
        Assert.True(path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{block.Location}: file={relativePath} leaves the scenario's folder");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, block.Text);
    }
}
