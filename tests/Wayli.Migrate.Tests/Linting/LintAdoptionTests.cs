using System.Diagnostics;
using System.Text.Json;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Linting;

/// <summary>
/// Lint that adopts an existing project: a baseline accepts the findings it already has (by file, rule and statement,
/// not by line), so only new ones fail; <c>--since</c> and <c>--pending</c> report on what a pull request adds.
/// </summary>
public sealed class LintAdoptionTests(PostgresServer server) : IDisposable
{
    const string Init = "CREATE TABLE public.trips (id bigint PRIMARY KEY, title text);\nINSERT INTO public.trips VALUES (1, 'first');\n";
    const string More = "ALTER TABLE public.trips ADD COLUMN notes text;\nDROP TABLE old_trips;\n";

    readonly string _project = Directory.CreateTempSubdirectory("wayli-lint-adopt-").FullName;

    string Migrations => Path.Combine(_project, "supabase", "migrations");

    string BaselineFile => Path.Combine(_project, "lint-baseline.json");

    string Write(string fileName, string sql)
    {
        Directory.CreateDirectory(Migrations);
        var path = Path.Combine(Migrations, fileName);
        File.WriteAllText(path, sql);
        return path;
    }

    Task<CliResult> Lint(params string[] args) => Tool.RunInAsync(_project, new Dictionary<string, string>(), ["lint", .. args]);

    static string[] ErrorLines(CliResult result) => result.Output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task After_write_baseline_lint_passes_and_a_new_file_with_a_finding_fails_naming_only_that_file()
    {
        Write("20250101000000_init.sql", Init);
        Write("20250102000000_more.sql", More);
        Assert.Equal(ExitCodes.Validation, (await Lint()).ExitCode);

        var write = await Lint("--write-baseline", "lint-baseline.json");
        var clean = await Lint("--baseline", "lint-baseline.json");
        Write("20250103000000_stops.sql", "CREATE TABLE IF NOT EXISTS public.stops (id int);\nCREATE INDEX stops_id_idx ON public.trips (id);\nDROP TABLE stale_stops;\n");
        var added = await Lint("--baseline", "lint-baseline.json");

        Assert.True(write.ExitCode == ExitCodes.Ok, write.ToString());
        Assert.Contains("wrote lint-baseline.json, accepting 4 finding(s)", write.Output, StringComparison.Ordinal);
        Assert.True(clean.ExitCode == ExitCodes.Ok, clean.ToString());
        Assert.Contains("no new findings; 4 finding(s) accepted by lint-baseline.json", clean.Output, StringComparison.Ordinal);
        Assert.True(added.ExitCode == ExitCodes.Validation, added.ToString());
        var errors = ErrorLines(added);
        Assert.Equal(2, errors.Length);
        Assert.All(errors, e => Assert.StartsWith("supabase/migrations/20250103000000_stops.sql:", e, StringComparison.Ordinal));
        Assert.Contains("4 finding(s) accepted", added.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_project_names_its_baseline_in_the_file_and_one_invocation_options_are_not_file_settings()
    {
        Write("20250101000000_init.sql", Init);
        await Lint("--write-baseline", "lint-baseline.json");
        var config = Path.Combine(_project, "wayli-migrate.toml");
        File.WriteAllText(config, "[lint]\nbaseline = \"lint-baseline.json\"\n");
        var configured = await Lint();
        File.WriteAllText(config, "write-baseline = \"lint-baseline.json\"\n");
        var writeInFile = await Lint();
        File.Delete(config);
        var sinceInEnvironment = await Tool.RunInAsync(_project, new Dictionary<string, string> { ["WAYLI_MIGRATE_SINCE"] = "HEAD" }, "lint");

        Assert.True(configured.ExitCode == ExitCodes.Ok, configured.ToString());
        Assert.Contains("accepted by", configured.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, writeInFile.ExitCode);
        Assert.Contains("unknown setting 'write-baseline'", writeInFile.Error, StringComparison.Ordinal);
        Assert.True(sinceInEnvironment.ExitCode == ExitCodes.Validation, sinceInEnvironment.ToString());
        Assert.DoesNotContain("since", sinceInEnvironment.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_are_kept_through_edits_elsewhere_in_the_file_and_a_lint_ignore_above_the_statement()
    {
        var init = Write("20250101000000_init.sql", Init);
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", BaselineFile)).ExitCode);
        File.WriteAllText(init, "-- trips, as the first release had them\n\nCREATE TABLE IF NOT EXISTS public.places (id int);\n\n"
            + "CREATE TABLE public.trips (\n    id bigint PRIMARY KEY,\n    title text\n);  -- the table\n\nINSERT INTO public.trips VALUES (1, 'first');\n");

        var result = await Lint("--baseline", BaselineFile);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("2 finding(s) accepted", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("note", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_statement_is_a_new_finding_and_a_fixed_one_leaves_a_stale_note_not_an_error()
    {
        var init = Write("20250101000000_init.sql", Init);
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", BaselineFile)).ExitCode);
        File.WriteAllText(init, "CREATE TABLE public.trips (id bigint PRIMARY KEY, title text, notes text);\nINSERT INTO public.trips VALUES (1, 'first') ON CONFLICT DO NOTHING;\n");

        var changed = await Lint("--baseline", BaselineFile);
        File.WriteAllText(init, "CREATE TABLE IF NOT EXISTS public.trips (id bigint PRIMARY KEY, title text, notes text);\nINSERT INTO public.trips VALUES (1, 'first') ON CONFLICT DO NOTHING;\n");
        var fixedUp = await Lint("--baseline", BaselineFile, "--json");

        Assert.True(changed.ExitCode == ExitCodes.Validation, changed.ToString());
        Assert.Matches(@"20250101000000_init\.sql:1:1: error WM101", Assert.Single(ErrorLines(changed)));
        Assert.Contains("20250101000000_init.sql: note WM109: lint-baseline.json accepts a finding that is gone (in \"INSERT INTO public.trips VALUES (1, 'first');\")",
            changed.Output, StringComparison.Ordinal);
        Assert.True(fixedUp.ExitCode == ExitCodes.Ok, fixedUp.ToString());
        using var json = JsonDocument.Parse(fixedUp.Output);
        Assert.Equal(["WM101", "WM109"], json.RootElement.GetProperty("stale").EnumerateArray().Select(e => e.GetProperty("rule").GetString()));
        Assert.Equal(0, json.RootElement.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task The_written_baseline_is_sorted_one_entry_per_finding_and_the_same_wherever_the_lines_are()
    {
        var init = Write("20250101000000_init.sql", "DROP TABLE b;\nDROP TABLE a;\nDROP TABLE a;\n");
        Write("20241231000000_first.sql", "INSERT INTO t VALUES (1);\n");
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", BaselineFile)).ExitCode);
        var first = await File.ReadAllTextAsync(BaselineFile, TestContext.Current.CancellationToken);
        File.WriteAllText(init, "-- reordered\nDROP TABLE a;\n\nDROP TABLE b;\nDROP TABLE a;\n");
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", BaselineFile)).ExitCode);
        var second = await File.ReadAllTextAsync(BaselineFile, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        var entries = first.Split('\n').Where(l => l.TrimStart().StartsWith("{\"file\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, entries.Count);
        Assert.Contains("20241231000000_first.sql", entries[0], StringComparison.Ordinal);
        Assert.Contains("\"statement\":\"DROP TABLE a;\"", entries[1], StringComparison.Ordinal);
        Assert.Equal(entries[1].TrimEnd(','), entries[2].TrimEnd(','));
        Assert.Contains("\"statement\":\"DROP TABLE b;\"", entries[3], StringComparison.Ordinal);
        // Two findings of one statement text need two entries: a third DROP TABLE a is new.
        File.AppendAllText(init, "DROP TABLE a;\n");
        var third = await Lint("--baseline", BaselineFile);
        Assert.True(third.ExitCode == ExitCodes.Validation, third.ToString());
        Assert.Single(ErrorLines(third));
    }

    [Fact]
    public async Task Problems_with_files_are_never_accepted_by_a_baseline()
    {
        Write("20250101000000_init.sql", Init);
        Write("20250102000000_broken.sql", "SELECT 'unterminated;\n");

        var write = await Lint("--write-baseline", BaselineFile);
        var read = await Lint("--baseline", BaselineFile);

        Assert.True(write.ExitCode == ExitCodes.Validation, write.ToString());
        Assert.Contains("accepting 2 finding(s)", write.Output, StringComparison.Ordinal);
        Assert.Contains("error WM001", write.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", await File.ReadAllTextAsync(BaselineFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(read.ExitCode == ExitCodes.Validation, read.ToString());
        Assert.Contains("error WM001", Assert.Single(ErrorLines(read)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "lint-baseline.json does not exist: write it with --write-baseline")]
    [InlineData("{\n  \"format\": \"wayli-migrate-lint-baseline\",\n  \"findings\": [\n", "lint-baseline.json:4: it is not JSON")]
    [InlineData("{\"format\": \"eslint\", \"formatVersion\": 1, \"findings\": []}", "lint-baseline.json:1: it is not a wayli-migrate-lint-baseline of format version 1")]
    [InlineData("{\n\"format\": \"wayli-migrate-lint-baseline\",\n\"formatVersion\": 1,\n\"findings\": [\n{\"file\": \"a.sql\", \"rule\": \"WM101\", \"fingerprint\": \"0123456789abcdef\"},\n{\"file\": \"a.sql\", \"rule\": \"WM101\", \"fingerprint\": \"12\"}\n]\n}",
        "lint-baseline.json:6: entry 2 needs a file, a rule and a fingerprint of 16 hex digits")]
    public async Task A_baseline_that_is_not_one_is_a_usage_error_naming_the_file_and_line(string content, string message)
    {
        Write("20250101000000_init.sql", Init);
        if (content.Length > 0)
            File.WriteAllText(BaselineFile, content);

        var result = await Lint("--baseline", "lint-baseline.json");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Write_baseline_with_since_or_pending_and_pending_without_a_database_are_usage_errors()
    {
        Write("20250101000000_init.sql", Init);

        var since = await Lint("--write-baseline", BaselineFile, "--since", "HEAD");
        var pending = await Lint("--pending");

        Assert.True(since.ExitCode == ExitCodes.Usage, since.ToString());
        Assert.Contains("cannot be combined with --since or --pending", since.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(BaselineFile));
        Assert.True(pending.ExitCode == ExitCodes.Usage, pending.ToString());
        Assert.Contains("--pending lints the files not yet applied to a database: give --db-url", pending.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_a_commit_lints_only_the_files_added_or_changed_after_it()
    {
        Write("20250101000000_init.sql", Init);
        var more = Write("20250102000000_more.sql", More);
        Git("init", "-q");
        Git("add", ".");
        Git("commit", "-q", "-m", "existing project");
        Write("20250103000000_stops.sql", "CREATE TABLE public.stops (id int);\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "a pull request");

        var lastCommit = await Lint("--since", "HEAD~1");
        File.AppendAllText(more, "-- a note\n");
        Write("20250104000000_untracked.sql", "CREATE TABLE public.later (id int);\n");
        var workingTree = await Lint("--since", "HEAD", "--json");

        Assert.True(lastCommit.ExitCode == ExitCodes.Validation, lastCommit.ToString());
        Assert.Matches(@"^supabase/migrations/20250103000000_stops\.sql:1:1: error WM101", Assert.Single(ErrorLines(lastCommit)));
        Assert.Contains("1 file(s) linted (changed since HEAD~1)", lastCommit.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(workingTree.Output);
        Assert.Equal(2, json.RootElement.GetProperty("files").GetInt32());
        Assert.Equal(["supabase/migrations/20250102000000_more.sql", "supabase/migrations/20250102000000_more.sql", "supabase/migrations/20250104000000_untracked.sql"],
            json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()!.Replace('\\', '/')));
    }

    [Theory]
    [InlineData("no-such-branch", "--since 'no-such-branch': git knows no such commit")]
    [InlineData("--output=/tmp/x", "--since '--output=/tmp/x' is not a git commit")]
    [InlineData("HEAD", "--since needs a git repository, and git found none at")]
    public async Task Since_an_unknown_commit_or_outside_a_repository_is_a_usage_error(string reference, string message)
    {
        Write("20250101000000_init.sql", Init);
        if (!message.Contains("repository", StringComparison.Ordinal))
        {
            Git("init", "-q");
            Git("add", ".");
            Git("commit", "-q", "-m", "first");
        }

        var result = await Lint("--since", reference);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_lints_only_the_files_the_database_has_not_applied()
    {
        var db = await server.CreateDatabaseAsync();
        Write("20250101000000_init.sql", Init);
        Assert.Equal(ExitCodes.Ok, (await Tool.RunInAsync(_project, new Dictionary<string, string>(), "migrate", "--db-url", db.Url)).ExitCode);
        Write("20250102000000_more.sql", More);
        Write("not_a_migration.sql", "SELECT 1;\n");

        var pending = await Lint("--pending", "--db-url", db.Url);
        var fromEnvironment = await Tool.RunInAsync(_project, new Dictionary<string, string> { ["DATABASE_URL"] = db.Url }, "lint", "--pending", "--json");

        Assert.True(pending.ExitCode == ExitCodes.Validation, pending.ToString());
        var errors = ErrorLines(pending);
        Assert.Equal(3, errors.Length);
        Assert.Equal(2, errors.Count(e => e.StartsWith("supabase/migrations/20250102000000_more.sql:", StringComparison.Ordinal)));
        Assert.Single(errors, e => e.StartsWith("supabase/migrations/not_a_migration.sql:", StringComparison.Ordinal) && e.Contains("WM001", StringComparison.Ordinal));
        Assert.Contains("2 file(s) linted (not yet applied to ", pending.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(db.Password, pending.All, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(fromEnvironment.Output);
        Assert.Equal(2, json.RootElement.GetProperty("files").GetInt32());
    }

    [Fact]
    public async Task Sarif_leaves_out_accepted_findings_and_fingerprints_the_rest_by_statement()
    {
        Write("20250101000000_init.sql", Init);
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", BaselineFile)).ExitCode);
        Write("20250102000000_more.sql", "-- moved down a line\n" + More);

        var result = await Lint("--baseline", BaselineFile, "--format", "sarif");

        Assert.True(result.ExitCode == ExitCodes.Validation, result.ToString());
        using var sarif = JsonDocument.Parse(result.Output);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["WM103", "WM108"], results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.All(results, r => Assert.Matches("^[0-9a-f]{16}$", r.GetProperty("partialFingerprints").GetProperty("wayliMigrateStatement/v1").GetString()));
    }

    [Fact]
    public async Task An_existing_project_adopts_lint_in_its_first_hour()
    {
        var db = await server.CreateDatabaseAsync();
        string[] url = ["--db-url", db.Url];
        var init = Write("20250101000000_init.sql", Init);
        Write("20250102000000_more.sql", More);
        Git("init", "-q");
        await db.ExecuteAsync("CREATE TABLE old_trips (id int)");
        Assert.Equal(ExitCodes.Ok, (await Tool.RunInAsync(_project, new Dictionary<string, string>(), ["migrate", .. url])).ExitCode);

        // Day one: the applied files have findings; record them, commit, and lint passes.
        Assert.Equal(ExitCodes.Validation, (await Lint()).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Lint("--write-baseline", "supabase/lint-baseline.json")).ExitCode);
        File.WriteAllText(Path.Combine(_project, "wayli-migrate.toml"), "[lint]\nbaseline = \"supabase/lint-baseline.json\"\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "adopt wayli-migrate lint");
        var adopted = await Lint();

        // A lint:ignore in an applied file is not drift (and the baseline still knows the statement).
        File.WriteAllText(init, Init.Replace("INSERT", "-- lint:ignore WM109 the first trip is seeded once, by hand if need be\nINSERT", StringComparison.Ordinal));
        var validateCommented = await Tool.RunInAsync(_project, new Dictionary<string, string>(), ["validate", .. url]);
        Git("commit", "-q", "-a", "-m", "silence WM109 where it is accepted");

        // A pull request adds a file with a finding: lint fails naming only it; --since and --pending see only it.
        Write("20250103000000_stops.sql", "CREATE TABLE public.stops (id int);\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "stops");
        var withNew = await Lint();
        var since = await Lint("--since", "HEAD~1");
        var pending = await Lint(["--pending", .. url]);

        // A changed statement in an applied file is still drift.
        File.WriteAllText(init, Init.Replace("title text", "title varchar(200)", StringComparison.Ordinal));
        var validateChanged = await Tool.RunInAsync(_project, new Dictionary<string, string>(), ["validate", .. url]);

        Assert.True(adopted.ExitCode == ExitCodes.Ok, adopted.ToString());
        Assert.Contains("4 finding(s) accepted by supabase/lint-baseline.json", adopted.Output, StringComparison.Ordinal);
        Assert.True(validateCommented.ExitCode == ExitCodes.Ok, validateCommented.ToString());
        Assert.True(withNew.ExitCode == ExitCodes.Validation, withNew.ToString());
        Assert.Matches(@"^supabase/migrations/20250103000000_stops\.sql:1:1: error WM101", Assert.Single(ErrorLines(withNew)));
        Assert.Contains("note WM109", withNew.Output, StringComparison.Ordinal);
        Assert.Contains("1 file(s) linted (changed since HEAD~1)", since.Output, StringComparison.Ordinal);
        Assert.Matches(@"^supabase/migrations/20250103000000_stops\.sql:", Assert.Single(ErrorLines(since)));
        Assert.Contains("1 file(s) linted (not yet applied to ", pending.Output, StringComparison.Ordinal);
        Assert.Matches(@"^supabase/migrations/20250103000000_stops\.sql:", Assert.Single(ErrorLines(pending)));
        Assert.True(validateChanged.ExitCode == ExitCodes.Validation, validateChanged.ToString());
        Assert.Contains("20250101000000_init.sql was changed after it was applied (its statements changed", validateChanged.Error, StringComparison.Ordinal);
    }

    void Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = _project, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "user.name=Wayli Test", "-c", "user.email=test@wayli.invalid", "-c", "commit.gpgsign=false", .. args])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
