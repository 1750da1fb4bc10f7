using System.Text;
using Npgsql;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Local;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Reliability;

/// <summary>
/// Issue 7, part 5: a catalogue of bad inputs — names, contents, the file system, configuration, history. Each is run
/// against a database that already has history and a pending good migration, and must be named with its cause (file
/// and line where it has them), end with its documented exit code, print no password, and leave the database and its
/// history exactly as they were (catalog fingerprint and every history row compared before and after).
/// Inputs that are accepted by design (BOM, CRLF, empty files…) are in <see cref="AcceptedInputTests"/>.
/// </summary>
public sealed class BadInputCatalogueTests(PostgresServer server)
{
    const string BaseA = "20240101000000_base_a.sql";
    const string BaseB = "20240102000000_base_b.sql";
    const string Good = "20250101000001_good.sql";
    const string Bad = "20250101000002_";

    static readonly int[] ValidationExit = [ExitCodes.Validation];
    static readonly int[] UsageExit = [ExitCodes.Usage];
    static readonly string[] MigrateOnly = ["migrate"];

    /// <summary>Every case by name; the name says what is wrong.</summary>
    static readonly Dictionary<string, BadInput> Catalogue = new(StringComparer.Ordinal)
    {
        // Names.
        ["name: no digits"] = SqlFile("create_users.sql", "SELECT 1;", "create_users.sql: not a migration name", "must contain digits only"),
        ["name: no underscore"] = SqlFile("20250101000002-create.sql", "SELECT 1;", "20250101000002-create.sql: not a migration name", "no '_' after the version"),
        ["name: upper-case .SQL"] = SqlFile(Bad + "shout.SQL", "SELECT 1;", Bad + "shout.SQL: not a migration name", "must end in '.sql'"),
        ["name: mixed-case .Sql"] = SqlFile(Bad + "shout.Sql", "SELECT 1;", Bad + "shout.Sql: not a migration name", "must end in '.sql'"),
        ["name: duplicate version"] = SqlFile("20250101000001_again.sql", "SELECT 1;", "has the same version 20250101000001 as"),
        ["name: leading zeros, same number"] = SqlFile("020250101000001_zero.sql", "SELECT 1;", Good + ": has the same version 20250101000001 as 020250101000001_zero.sql"),
        ["name: empty description"] = SqlFile(Bad + ".sql", "SELECT 1;", Bad + ".sql: not a migration name", "description after the '_' is empty"),
        ["name: blank description"] = SqlFile(Bad + "   .sql", "SELECT 1;", "description after the '_' is empty"),
        ["name: letter O for zero"] = SqlFile("2025010100000O_typo.sql", "SELECT 1;", "2025010100000O_typo.sql: not a migration name", "must contain digits only"),
        ["name: leading underscore"] = SqlFile("_20250101000002.sql", "SELECT 1;", "_20250101000002.sql: not a migration name", "must start with a numeric version"),
        ["name: space before the version"] = SqlFile(" 20250101000002_x.sql", "SELECT 1;", " 20250101000002_x.sql: not a migration name", "must contain digits only"),
        ["name: dashes in the version"] = SqlFile("2025-01-01_dated.sql", "SELECT 1;", "2025-01-01_dated.sql: not a migration name", "must contain digits only"),
        // Versions of any length are accepted (AcceptedInputTests); the original service's version varchar(20) is
        // widened to text when its table is upgraded (LegacyHistoryTests).
        ["name: non-ASCII digits"] = SqlFile("٢٠٢٥٠١٠١٠٠٠٠٠٢_arabic.sql", "SELECT 1;", "_arabic.sql: not a migration name", "must contain digits only"),

        // Encoding.
        ["utf-8: UTF-16 file with its BOM"] = Bytes(Bad + "utf16.sql", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("SELECT 1;\n")],
            Bad + "utf16.sql:1:1: is not valid UTF-8 (byte 0xFF at offset 0)"),
        ["utf-8: overlong encoding"] = Bytes(Bad + "overlong.sql", [.. "SELECT '"u8, 0xC0, 0xAF, .. "';\n"u8], Bad + "overlong.sql:1:9: is not valid UTF-8 (byte 0xC0"),
        ["utf-8: encoded surrogate"] = Bytes(Bad + "surrogate.sql", [.. "SELECT 1;\nSELECT '"u8, 0xED, 0xA0, 0x80, .. "';\n"u8], Bad + "surrogate.sql:2:9: is not valid UTF-8 (byte 0xED"),
        ["utf-8: sequence cut at the end"] = Bytes(Bad + "cut.sql", [.. "SELECT 1;\nSELECT 'caf"u8, 0xC3], Bad + "cut.sql:2:12: is not valid UTF-8 (byte 0xC3"),
        ["utf-8: Windows-1252 quote in a comment"] = Bytes(Bad + "cp1252.sql", [.. "SELECT 1;\nSELECT 2;\n-- it"u8, 0x92, .. "s fine\n"u8],
            Bad + "cp1252.sql:3:6: is not valid UTF-8 (byte 0x92"),
        ["NUL byte"] = Bytes(Bad + "nul.sql", [.. "SELECT 1;\nSELECT "u8, 0x00, .. ";\n"u8], Bad + "nul.sql:2:8: contains a NUL byte"),

        // SQL the lexer cannot end, or that only psql understands.
        ["unterminated quote"] = SqlFile(Bad + "quote.sql", "SELECT 1;\n\nSELECT 'never closed;\nSELECT 2;\n", Bad + "quote.sql:3:8: unterminated quoted string"),
        ["unterminated E'' string (escaped quote)"] = SqlFile(Bad + "escape.sql", "SELECT 1;\nSELECT E'it\\'s;\n", Bad + "escape.sql:2:8: unterminated escape string"),
        ["unterminated B'' bit string"] = SqlFile(Bad + "bits.sql", "SELECT B'0101;\n", Bad + "bits.sql:1:8: unterminated bit string"),
        ["unterminated dollar quote"] = SqlFile(Bad + "dollar.sql", "SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n", Bad + "dollar.sql:2:36: unterminated dollar-quoted string $body$"),
        ["dollar quote closed with another tag"] = SqlFile(Bad + "tags.sql", "SELECT 1;\nSELECT $a$ body $b$;\n", Bad + "tags.sql:2:8: unterminated dollar-quoted string $a$"),
        ["unterminated block comment"] = SqlFile(Bad + "comment.sql", "SELECT 1;\n/* never closed\nSELECT 2;\n", Bad + "comment.sql:2:1: unterminated block comment"),
        ["unterminated nested block comment"] = SqlFile(Bad + "nested.sql", "SELECT 1;\n/* outer /* inner */ still open\nSELECT 2;\n", Bad + "nested.sql:2:1: unterminated block comment"),
        ["unterminated quoted identifier"] = SqlFile(Bad + "ident.sql", "SELECT 1;\nSELECT \"abc;\n", Bad + "ident.sql:2:8: unterminated quoted identifier"),
        ["unterminated U&\"\" identifier"] = SqlFile(Bad + "uident.sql", "SELECT U&\"d\\0061t;\n", Bad + "uident.sql:1:8: unterminated quoted identifier U&"),
        ["unclosed parenthesis"] = SqlFile(Bad + "paren.sql", "SELECT 1;\nSELECT (1;\nSELECT 2;\n", Bad + "paren.sql:2:8: unclosed parenthesis"),
        ["BEGIN ATOMIC without END"] = SqlFile(Bad + "atomic.sql", "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n", Bad + "atomic.sql:2:1: BEGIN without END"),
        ["psql meta-command \\i"] = SqlFile(Bad + "include.sql", "SELECT 1;\n\\i other.sql\n", Bad + "include.sql:2:1: psql meta-command \\i is not SQL"),
        ["psql meta-command \\set"] = SqlFile(Bad + "set.sql", "\\set ON_ERROR_STOP on\nSELECT 1;\n", Bad + "set.sql:1:1: psql meta-command \\set is not SQL"),
        ["psql meta-command \\connect"] = SqlFile(Bad + "connect.sql", "SELECT 1;\n\\connect other\nSELECT 2;\n", Bad + "connect.sql:2:1: psql meta-command \\connect is not SQL"),
        ["psql \\gexec after a query"] = SqlFile(Bad + "gexec.sql", "SELECT 1;\nSELECT 'CREATE TABLE x()' \\gexec\n", Bad + "gexec.sql:2:27: psql meta-command \\gexec is not SQL"),
        ["COPY FROM STDIN with inline data"] = SqlFile(Bad + "copy.sql", "CREATE TABLE IF NOT EXISTS c (a int);\nCOPY c (a) FROM STDIN;\n1\n2\n\\.\n", Bad + "copy.sql:2:1: COPY ... FROM STDIN"),
        ["copy from stdin (lower case, csv)"] = SqlFile(Bad + "copycsv.sql", "SELECT 1;\ncopy c (a) from stdin with (format csv);\n", Bad + "copycsv.sql:2:1: COPY ... FROM STDIN"),
        ["unknown migrate: directive"] = SqlFile(Bad + "typo.sql", "-- migrate:notransaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON base_a (id);\n", Bad + "typo.sql:1:1: unknown directive '-- migrate:notransaction'"),
        ["contradicting directives"] = SqlFile(Bad + "both.sql", "-- migrate:transaction\n-- migrate:no-transaction\nSELECT 1;\n", Bad + "both.sql:2:1: directive '-- migrate:no-transaction' contradicts the one on line 1"),

        // The file system.
        ["folder: missing"] = new(UsageExit, ["does not exist"], c => { c.Dir = Path.Combine(c.Folder.Path, "no-such-folder"); return Task.CompletedTask; }),
        ["folder: a file, not a folder"] = new(UsageExit, [Good], c => { c.Dir = Path.Combine(c.Folder.Path, Good); return Task.CompletedTask; }),
        ["file: unreadable (permission denied)"] = new(ValidationExit, [Bad + "secret.sql: cannot be read", "denied"], Unreadable, Runner: Runner.AsUnprivilegedUser),
        ["file: symbolic link loop"] = new(ValidationExit, [Bad + "loop.sql: cannot be read", "symbolic links"], c =>
        {
            System.IO.File.CreateSymbolicLink(Path.Combine(c.Folder.Path, Bad + "loop.sql"), Path.Combine(c.Folder.Path, Bad + "loop.sql"));
            return Task.CompletedTask;
        }),
        ["file: a directory named like a migration"] = new(ValidationExit, [Bad + "folder.sql"], c =>
        {
            Directory.CreateDirectory(Path.Combine(c.Folder.Path, Bad + "folder.sql"));
            return Task.CompletedTask;
        }),
        ["file: a named pipe (FIFO) named like a migration"] = new(ValidationExit, [Bad + "pipe.sql"], async c =>
        {
            await ProcessRunner.RunAsync("mkfifo", [Path.Combine(c.Folder.Path, Bad + "pipe.sql")], TestContext.Current.CancellationToken, asServiceUser: false);
        }, MigrateOnly, Runner.ChildProcess),

        // Configuration.
        ["url: malformed"] = Config(UsageExit, ["the database URL is not valid"], c => c.Url = $"postgres://postgres:{c.Db.Password}@[::1/{c.Db.Name}"),
        ["url: unknown query parameter"] = Config(UsageExit, ["the database URL is not valid", "sslmod"], c => c.Url = c.Db.Url + "?sslmod=require"),
        ["url: port is not a number"] = Config(UsageExit, ["the database URL is not valid"], c => c.Url = c.Db.Url.Replace("@127.0.0.1:", "@127.0.0.1:port", StringComparison.Ordinal)),
        ["url: another database's scheme"] = Config(UsageExit, ["the database URL is not valid"], c => c.Url = c.Db.Url.Replace("postgres://", "mysql://", StringComparison.Ordinal)),
        ["url: malformed, in DATABASE_URL"] = Config(UsageExit, ["the database URL is not valid"], c =>
        {
            c.Environment["DATABASE_URL"] = $"postgres://postgres:{c.Db.Password}@[::1/{c.Db.Name}";
            c.Url = null;
        }),
        ["option: unknown"] = Config(UsageExit, ["--no-such-option"], c => c.Extra.Add("--no-such-option")),
        ["option: --lock-timeout not a duration"] = Config(UsageExit, ["--lock-timeout"], c => c.Extra.AddRange(["--lock-timeout", "5parsecs"])),
        ["option: negative --lock-retries"] = Config(UsageExit, ["--lock-retries must be 0 or more"], c => c.Extra.AddRange(["--lock-retries", "-1"]), MigrateOnly),
        ["option: --dir and --bundle together"] = Config(UsageExit, ["give either --dir or --bundle, not both"], c => c.Extra.AddRange(["--bundle", "bundle.json"])),
        ["config file: unknown setting"] = Config(UsageExit, ["wayli-migrate.toml: unknown setting 'dirr'"], c =>
        {
            c.WorkingDirectory = Directory.CreateDirectory(Path.Combine(c.Folder.Path, "project")).FullName;
            System.IO.File.WriteAllText(Path.Combine(c.WorkingDirectory, "wayli-migrate.toml"), "dirr = \"supabase/migrations\"\n");
        }),
        ["connection: wrong password"] = Config([ExitCodes.ConnectionRejected], ["password authentication failed"], c =>
        {
            c.Secrets.Add("Wr0ng-Pa55word");
            c.Url = c.Db.Url.Replace(c.Db.Password, "Wr0ng-Pa55word", StringComparison.Ordinal);
        }),
        ["connection: unknown database"] = Config([ExitCodes.ConnectionRejected], ["no_such_database", "check the database name"],
            c => c.Url = c.Db.Url.Replace(c.Db.Name, "no_such_database", StringComparison.Ordinal)),
        ["connection: unknown user"] = Config([ExitCodes.ConnectionRejected], ["no_such_user", "authentication failed"],
            c => c.Url = c.Db.Url.Replace("postgres://postgres:", "postgres://no_such_user:", StringComparison.Ordinal)),
        ["connection: unknown host"] = Config([ExitCodes.Connection], ["no-such-host.invalid"], c => c.Url = $"postgres://postgres:{c.Db.Password}@no-such-host.invalid:5432/{c.Db.Name}"),
        ["connection: database down"] = Config([ExitCodes.Connection], ["Connection refused"], c => c.Url = $"postgres://postgres:{c.Db.Password}@127.0.0.1:{LocalCluster.FreePort()}/{c.Db.Name}"),
        ["connection: TLS required, server has none"] = Config([ExitCodes.ConnectionRejected], ["SSL"], c => c.Url = c.Db.Url + "?sslmode=require"),

        // History that does not match the files, or a table that is not a history table.
        ["history: checksum edited by hand"] = History(["20240101000000_base_a.sql was changed after it was applied"],
            // Both checksums: with the statement checksum intact, the row would still describe the file.
            "UPDATE public.database_migrations SET checksum = repeat('0', 64), statement_checksum = 'tokens-v1:' || repeat('0', 64) WHERE version = '20240101000000'"),
        ["history: row deleted"] = History(["20240101000000_base_a.sql is pending but older than the newest applied migration 20240102000000"],
            "DELETE FROM public.database_migrations WHERE version = '20240101000000'"),
        ["history: version edited to text"] = History(["20240101000000_base_a.sql is pending but older"],
            "UPDATE public.database_migrations SET version = 'base-a' WHERE version = '20240101000000'"),
        ["history: future version with no file"] = History([Good + " is pending but older than the newest applied migration 29990101000000", "29990101000000"],
            "INSERT INTO public.database_migrations (version, name, checksum) VALUES ('29990101000000', 'from_the_future', repeat('a', 64))"),
        ["history: another tool's table under the same name"] = Shape(
            "CREATE TABLE public.database_migrations (id serial PRIMARY KEY, script text NOT NULL, ran_on timestamptz DEFAULT now()); "
            + "INSERT INTO public.database_migrations (script) VALUES ('V1__init.sql')"),
        ["history: version column of another type"] = Shape(
            "ALTER TABLE public.database_migrations ALTER COLUMN version TYPE bigint USING version::bigint", keepBaseline: true),
        ["history: an extra NOT NULL column"] = Shape(
            "ALTER TABLE public.database_migrations ADD COLUMN reviewed_by text NOT NULL DEFAULT 'x'; ALTER TABLE public.database_migrations ALTER COLUMN reviewed_by DROP DEFAULT",
            keepBaseline: true),
    };

    public static TheoryData<string> Cases => new(Catalogue.Keys);

    [Fact]
    public void The_catalogue_holds_at_least_forty_distinct_bad_inputs()
    {
        ReliabilityReport.Log($"bad input catalogue: {Catalogue.Count} cases ({string.Join(", ", Catalogue.Keys.GroupBy(CategoryOf).Select(g => $"{g.Key} {g.Count()}"))})");
        Assert.True(Catalogue.Count >= 40, $"only {Catalogue.Count} bad inputs");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_bad_input_is_named_with_its_cause_exits_with_its_code_and_changes_nothing(string name)
    {
        var input = Catalogue[name];
        var db = await server.CreateDatabaseAsync();
        using var folder = new MigrationFolder();
        folder.Write(BaseA, "CREATE TABLE base_a (id int);\n");
        folder.Write(BaseB, "CREATE TABLE base_b (id int);\n");
        var baseline = await Tool.RunAsync("migrate", "--db-url", db.Url, "--dir", folder.Path);
        Assert.True(baseline.ExitCode == ExitCodes.Ok, baseline.ToString());
        folder.Write(Good, "CREATE TABLE should_not_exist (id int);\n");
        var context = new CaseContext(db, folder);
        await input.Arrange(context);
        var before = await ReliabilityChecks.DeepFingerprintAsync(db);

        var problems = new List<string>();
        foreach (var command in input.Commands ?? ["migrate", "validate"])
        {
            var result = await RunAsync(input.Runner, context, command);
            if (result is null)
            {
                problems.Add($"{command}: still running after the time allowed (killed)");
                continue;
            }
            ReliabilityChecks.AssertNoSecrets(result, [db.Password, .. context.Secrets]);
            if (!input.Exits.Contains(result.ExitCode))
                problems.Add($"{command}: exit {result.ExitCode}, want {string.Join(" or ", input.Exits)}");
            foreach (var message in input.Messages.Where(m => !result.Error.Contains(m, StringComparison.Ordinal)))
                problems.Add($"{command}: no '{message}' in the output");
            if (problems.Count > 0)
                problems.Add($"{command} printed:\n{result}");
        }
        var after = await ReliabilityChecks.DeepFingerprintAsync(db);
        if (before != after)
            problems.Add("the database changed:\n" + Difference(before, after));
        if (await db.ExistsAsync("public.should_not_exist"))
            problems.Add("the pending good migration was applied");

        ReliabilityReport.Record($"bad input: {name}", 1, problems.Count == 0 ? 1 : 0, $"{CategoryOf(name)}; want exit {string.Join(" or ", input.Exits)}");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    static async Task<CliResult?> RunAsync(Runner runner, CaseContext context, string command)
    {
        List<string> args = [command];
        if (context.Url is not null)
            args.AddRange(["--db-url", context.Url]);
        args.AddRange(["--dir", context.Dir, .. context.Extra]);
        if (runner == Runner.InProcess || (runner == Runner.AsUnprivilegedUser && !Environment.IsPrivilegedProcess))
            return await Tool.RunInAsync(context.WorkingDirectory, context.Environment, [.. args]);
        // Root reads every file whatever its mode: the unreadable file is tried by the tool running as nobody.
        using var process = runner == Runner.AsUnprivilegedUser ? FaultProcess.StartAs("nobody", [.. args]) : FaultProcess.Start([.. args]);
        return await process.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
    }

    /// <summary>The group a case belongs to, from its name.</summary>
    static string CategoryOf(string name) =>
        name.StartsWith("name:", StringComparison.Ordinal) ? "names"
        : name.StartsWith("folder:", StringComparison.Ordinal) || name.StartsWith("file:", StringComparison.Ordinal) ? "file system"
        : name.StartsWith("url:", StringComparison.Ordinal) || name.StartsWith("option:", StringComparison.Ordinal)
            || name.StartsWith("config file:", StringComparison.Ordinal) || name.StartsWith("connection:", StringComparison.Ordinal) ? "configuration"
        : name.StartsWith("history:", StringComparison.Ordinal) ? "history"
        : "contents";

    static Task Unreadable(CaseContext context)
    {
        if (OperatingSystem.IsWindows())
            return Task.CompletedTask;
        var path = context.Folder.Write(Bad + "secret.sql", "SELECT 1;\n");
        System.IO.File.SetUnixFileMode(path, UnixFileMode.None);
        // The folder and the other files stay readable for the user the tool runs as.
        System.IO.File.SetUnixFileMode(context.Folder.Path, (UnixFileMode)0b111_101_101);
        return Task.CompletedTask;
    }

    static BadInput SqlFile(string name, string sql, params string[] messages) => Bytes(name, Encoding.UTF8.GetBytes(sql), messages);

    static BadInput Bytes(string name, byte[] bytes, params string[] messages) =>
        new(ValidationExit, messages, c =>
        {
            c.Folder.WriteBytes(name, bytes);
            return Task.CompletedTask;
        });

    static BadInput Config(int[] exits, string[] messages, Action<CaseContext> arrange, string[]? commands = null) =>
        new(exits, messages, c =>
        {
            arrange(c);
            return Task.CompletedTask;
        }, commands);

    static BadInput History(string[] messages, string sql) =>
        new(ValidationExit, messages, c => c.Db.ExecuteAsync(sql));

    /// <summary>A table at the history table's name that this tool cannot use as it is: refused, never altered.</summary>
    static BadInput Shape(string sql, bool keepBaseline = false) =>
        new([ExitCodes.Usage, ExitCodes.Validation], ["database_migrations"], async c =>
        {
            if (!keepBaseline)
                await c.Db.ExecuteAsync("DROP TABLE public.database_migrations");
            await c.Db.ExecuteAsync(sql);
        });

    static string Difference(string before, string after)
    {
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        var now = after.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', old.Except(now).Select(l => "- " + l).Concat(now.Except(old).Select(l => "+ " + l)).Take(40));
    }

    enum Runner
    {
        InProcess,
        ChildProcess,
        AsUnprivilegedUser,
    }

    /// <param name="Exits">The documented exit code(s) wanted.</param>
    /// <param name="Messages">What stderr must contain: file, line and column where there are some, and the cause.</param>
    /// <param name="Arrange">Makes the input bad.</param>
    /// <param name="Commands">The commands to run it with (migrate and validate unless said).</param>
    /// <param name="Runner">In this process, or as a child process (for inputs that could hang it).</param>
    sealed record BadInput(int[] Exits, string[] Messages, Func<CaseContext, Task> Arrange, string[]? Commands = null, Runner Runner = Runner.InProcess);

    sealed class CaseContext(TestDatabase db, MigrationFolder folder)
    {
        public TestDatabase Db { get; } = db;

        public MigrationFolder Folder { get; } = folder;

        public string? Url { get; set; } = db.Url;

        public string Dir { get; set; } = folder.Path;

        public List<string> Extra { get; } = [];

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

        public string WorkingDirectory { get; set; } = folder.Path;

        public List<string> Secrets { get; } = [];
    }
}
