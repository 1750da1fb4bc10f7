using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// Keeps what <c>docs/</c> says about the tool true to the tool: commands and options exist (checked against
/// <c>--help</c>), <c>commands.md</c> covers every command and option, exit codes are the defined ones, configuration
/// examples are accepted, the CI YAML on the page is the YAML in the files, quoted messages exist, links resolve.
/// </summary>
public sealed partial class DocsReferenceTests
{
    static readonly string[] HelpOptions = ["--help", "-h", "-?"];

    [Fact]
    public async Task Every_command_and_option_the_docs_write_after_wayli_migrate_exists()
    {
        var commands = await HelpText.CommandsAsync();
        var problems = new List<string>();
        var texts = DocPage.All.SelectMany(AllLines)
            .Concat(Directory.GetFiles(Path.Combine(DocPage.Folder, "ci"), "*.yml")
                .SelectMany(f => File.ReadAllLines(f).Select((l, i) => ($"docs/ci/{Path.GetFileName(f)}:{i + 1}", l))));
        foreach (var (location, text) in texts)
        {
            foreach (var (command, options) in Invocations(text))
            {
                if (!commands.Contains(command))
                {
                    problems.Add($"{location}: there is no command '{command}'");
                    continue;
                }
                var known = await HelpText.OptionsAsync(command);
                problems.AddRange(options.Where(o => !known.Contains(o)).Select(o => $"{location}: '{command}' has no option {o}"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Commands_md_documents_every_command_and_option_and_no_other()
    {
        var page = DocPage.Load("commands.md");
        var commands = await HelpText.CommandsAsync();
        var all = new HashSet<string>(await HelpText.OptionsAsync(""), StringComparer.Ordinal);
        foreach (var command in commands)
            all.UnionWith(await HelpText.OptionsAsync(command));
        var problems = new List<string>();
        var sections = page.Prose.Select(l => l.Section).Distinct(StringComparer.Ordinal).ToList();
        foreach (var section in sections.Where(s => CommandHeading().IsMatch(s) && !commands.Contains(s)))
            problems.Add($"docs/commands.md: section '## {section}' is for a command that does not exist");
        foreach (var line in page.Prose)
        {
            var known = commands.Contains(line.Section) ? await HelpText.OptionsAsync(line.Section) : all;
            foreach (Match option in LongOption().Matches(WithoutInvocations(line.Text)))
            {
                if (!known.Contains(option.Value))
                    problems.Add($"docs/commands.md:{line.Number}: {option.Value} is not an option of {(known == all ? "any command" : line.Section)}");
            }
        }
        var shared = SectionText(page, "Shared options");
        foreach (var command in commands)
        {
            if (!sections.Contains(command))
            {
                problems.Add($"docs/commands.md: no '## {command}' section");
                continue;
            }
            var text = SectionText(page, command) + shared;
            foreach (var option in (await HelpText.OptionsAsync(command)).Where(o => o.StartsWith("--", StringComparison.Ordinal)).Except(HelpOptions))
            {
                if (!Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])"))
                    problems.Add($"docs/commands.md: {command}'s option {option} is not described (in its section or under Shared options)");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_exit_code_the_docs_name_is_defined_and_commands_md_lists_each_one()
    {
        var defined = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!).ToHashSet();
        var problems = new List<string>();
        foreach (var page in DocPage.All)
        {
            foreach (var (location, code) in ExitCodeMentions(page))
            {
                if (!defined.Contains(code))
                    problems.Add($"{location}: exit code {code} is not defined in ExitCodes.cs");
            }
        }
        var listed = ExitCodeMentions(DocPage.Load("commands.md"), onlyTablesIn: "Exit codes").Select(m => m.Code).ToHashSet();
        problems.AddRange(defined.Except(listed).Select(code => $"docs/commands.md: the Exit codes table lacks {code}"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_toml_example_is_accepted_as_wayli_migrate_toml()
    {
        var blocks = DocPage.All.SelectMany(p => p.Blocks).Where(b => b.Language == "toml").ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            var folder = Directory.CreateTempSubdirectory("wayli-migrate-docs-toml-").FullName;
            try
            {
                var dir = TomlDir().Match(block.Text) is { Success: true } m ? m.Groups["dir"].Value : "supabase/migrations";
                var migrations = Directory.CreateDirectory(Path.Combine(folder, dir)).FullName;
                foreach (var file in Directory.GetFiles(Paths.ExampleMigrations))
                    File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
                File.WriteAllText(Path.Combine(folder, "wayli-migrate.toml"), block.Text);
                foreach (var command in new[] { "setup", "lint" })
                {
                    var result = await Tool.RunInAsync(folder, new Dictionary<string, string>(), command);
                    Assert.True(result.ExitCode == ExitCodes.Ok, $"{block.Location}: `{command}` with this wayli-migrate.toml exited {result.ExitCode}\n{result}");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void The_yaml_shown_in_ci_md_is_the_yaml_in_docs_ci()
    {
        var shown = DocPage.Load("ci.md").Blocks.Where(b => b.Language is "yaml" or "yml").Select(b => b.Text).ToList();
        var files = Directory.GetFiles(Path.Combine(DocPage.Folder, "ci"), "*.yml").Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.True(shown.Contains(File.ReadAllText(file)), $"docs/ci.md does not show docs/ci/{Path.GetFileName(file)} exactly as it is");
        Assert.Equal(files.Count, shown.Count);
    }

    [Fact]
    public void Every_message_quoted_as_a_troubleshooting_heading_is_one_the_source_prints()
    {
        var source = SourceText();
        var headings = DocPage.Load("troubleshooting.md").Prose
            .Select(l => (l.Number, Match: QuotedHeading().Match(l.Text))).Where(h => h.Match.Success).ToList();
        Assert.True(headings.Count >= 30, $"only {headings.Count} quoted messages in troubleshooting.md");
        var problems = new List<string>();
        foreach (var (number, match) in headings)
        {
            foreach (var fragment in match.Groups["message"].Value.Split('…').Where(f => f.Trim().Length >= 4))
            {
                if (!source.Contains(fragment, StringComparison.Ordinal))
                    problems.Add($"docs/troubleshooting.md:{number}: \"{fragment}\" is not in src/");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_relative_link_in_the_docs_resolves_to_a_file_and_heading()
    {
        var problems = new List<string>();
        foreach (var page in DocPage.All)
        {
            foreach (var line in page.Prose)
            {
                foreach (Match link in Link().Matches(line.Text))
                {
                    var target = link.Groups["target"].Value;
                    if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                        continue;
                    var hash = target.IndexOf('#', StringComparison.Ordinal);
                    var file = hash < 0 ? target : target[..hash];
                    var path = file.Length == 0 ? Path.Combine(DocPage.Folder, page.Name) : Path.GetFullPath(file, DocPage.Folder);
                    if (!File.Exists(path) && !Directory.Exists(path))
                        problems.Add($"docs/{page.Name}:{line.Number}: {target} does not exist");
                    else if (hash >= 0 && !Anchors(path).Contains(target[(hash + 1)..]))
                        problems.Add($"docs/{page.Name}:{line.Number}: {target} names no heading of {Path.GetFileName(path)}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>Every line of a page, code continuations joined, with its location.</summary>
    static IEnumerable<(string Location, string Text)> AllLines(DocPage page) =>
        page.Prose.Select(l => ($"docs/{page.Name}:{l.Number}", l.Text))
            .Concat(page.Blocks.SelectMany(b => DocCommand.JoinContinuations(b.Lines).Select(l => ($"docs/{page.Name}:{l.Number}", l.Text))));

    /// <summary>
    /// Each <c>wayli-migrate COMMAND</c> in a line, with the long options that follow it up to the next
    /// <c>wayli-migrate</c>, backtick or the end of the line.
    /// </summary>
    static IEnumerable<(string Command, IReadOnlyList<string> Options)> Invocations(string text)
    {
        foreach (Match invocation in Invocation().Matches(text))
        {
            var rest = text[(invocation.Index + invocation.Length)..];
            var end = Math.Min(rest.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? tick : rest.Length,
                rest.IndexOf(DocCommand.Program, StringComparison.Ordinal) is var next and >= 0 ? next : rest.Length);
            yield return (invocation.Groups["command"].Value, [.. LongOption().Matches(rest[..end]).Select(m => m.Value)]);
        }
    }

    static string WithoutInvocations(string text)
    {
        foreach (Match invocation in Invocation().Matches(text).Reverse())
        {
            var rest = text[(invocation.Index + invocation.Length)..];
            var end = rest.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? tick : rest.Length;
            text = text[..invocation.Index] + rest[end..];
        }
        return text;
    }

    static string SectionText(DocPage page, string section) =>
        string.Join('\n', page.Prose.Where(l => l.Section == section).Select(l => l.Text)
            .Concat(page.Blocks.Where(b => b.Section == section).Select(b => b.Text)));

    /// <summary>
    /// Exit codes a page names: "exit 3", "exits 0", "exit code 5", a trailing "# exit 2", every number of a paragraph
    /// that starts "Exit codes:", and the first column of a table whose first header is "code".
    /// </summary>
    static IEnumerable<(string Location, int Code)> ExitCodeMentions(DocPage page, string? onlyTablesIn = null)
    {
        var lines = page.Prose.Concat(page.Blocks.SelectMany(b => b.Lines)).OrderBy(l => l.Number).ToList();
        var paragraphIsExitCodes = false;
        var inCodeTable = false;
        foreach (var line in lines)
        {
            var location = $"docs/{page.Name}:{line.Number}";
            var text = line.Text.Trim();
            paragraphIsExitCodes = text.Length > 0 && (paragraphIsExitCodes || text.StartsWith("Exit codes:", StringComparison.Ordinal));
            if (!text.StartsWith('|'))
                inCodeTable = false;
            else if (inCodeTable && !TableSeparator().IsMatch(text))
            {
                if (onlyTablesIn is null || line.Section == onlyTablesIn)
                    yield return (location, int.Parse(text.Split('|')[1].Trim(), CultureInfo.InvariantCulture));
                continue;
            }
            else if (text.Split('|')[1].Trim() == "code")
            {
                inCodeTable = true;
                continue;
            }
            if (onlyTablesIn is not null)
                continue;
            var numbers = paragraphIsExitCodes ? Number().Matches(text).Select(m => m.Value)
                : ExitMention().Matches(text).SelectMany(m => Number().Matches(m.Value).Select(n => n.Value));
            foreach (var number in numbers)
                yield return (location, int.Parse(number, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The text of every source file of the tool, with <c>{Name}</c> of a <c>const string Name</c> replaced by its value.</summary>
    static string SourceText()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Paths.Repository, "src"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
        var text = string.Join('\n', files.Select(File.ReadAllText));
        foreach (Match constant in StringConstant().Matches(text))
            text = text.Replace("{" + constant.Groups["name"].Value + "}", constant.Groups["value"].Value, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, blanks to hyphens.</summary>
    static HashSet<string> Anchors(string path)
    {
        if (!path.EndsWith(".md", StringComparison.Ordinal))
            return [];
        return File.ReadAllLines(path).Where(l => l.StartsWith('#'))
            .Select(l => new string([.. l.TrimStart('#').Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"(?<![\w./-])wayli-migrate\s+(?<command>[a-z][a-z-]*)(?![\w.-])")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*(?![\w-])")]
    private static partial Regex LongOption();

    [GeneratedRegex(@"^[a-z][a-z-]*$")]
    private static partial Regex CommandHeading();

    [GeneratedRegex(@"\bexit(?:s|ed)?(?:\s+code)?\s+\d+(?:\s*(?:,|or|and)\s*\d+\b)*", RegexOptions.IgnoreCase)]
    private static partial Regex ExitMention();

    [GeneratedRegex(@"(?<![\w.-])\d+(?![\w.%-])")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\|[\s:|-]+\|$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^dir\s*=\s*""(?<dir>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex TomlDir();

    [GeneratedRegex(@"^#{2,6}\s+`(?<message>[^`]+)`\s*$")]
    private static partial Regex QuotedHeading();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""\\]*)""\s*;")]
    private static partial Regex StringConstant();
}
