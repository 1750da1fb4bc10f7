using System.CommandLine;
using System.Globalization;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Options;

/// <summary>
/// Every setting of the command line, each declared once (flag, type, default, help, commands, and the
/// <see cref="MigrationOptions"/> property it sets), and the one function that maps a parsed command line onto the
/// options record (<see cref="ToOptions"/>). A value not given on the command line comes from the environment
/// (<c>WAYLI_MIGRATE_</c> and the key in capitals), then from <c>wayli-migrate.toml</c>, then the default.
/// </summary>
/// <remarks>
/// To add a setting: declare it here (naming its commands), add its property to <see cref="MigrationOptions"/>, and use
/// it in the engine. Nothing else: commands take their settings from here, and --help, the environment, the file and
/// the names engine messages use all follow.
/// </remarks>
internal sealed class OptionCatalog
{
    /// <summary>The environment variable read for the database when neither --db-url nor WAYLI_MIGRATE_DB_URL is set.</summary>
    public const string DatabaseUrlVariable = "DATABASE_URL";

    const string Bootstrap = "bootstrap", Setup = "setup", Migrate = "migrate", Run = "run", Status = "status", Validate = "validate",
        Test = "test", Plan = "plan", Baseline = "baseline", Repair = "repair", Adopt = "adopt", Build = "build", Lint = "lint", New = "new",
        Down = "down", Drift = "drift", Sandbox = "sandbox", Dev = "dev", Squash = "squash", Diff = "diff";

    // lint connects only with --pending.
    static readonly string[] Connecting = [Bootstrap, Migrate, Run, Status, Validate, Test, Plan, Baseline, Repair, Adopt, Lint, Down, Drift, Diff];
    static readonly string[] ReadingFiles = [Migrate, Status, Validate, Test, Plan, Baseline, Repair, Adopt, Down, Drift, Diff];
    static readonly string[] Replaying = [Test, Drift, Plan, Squash, Diff];
    static readonly string[] Locking = [Bootstrap, Migrate, Run, Baseline, Repair, Adopt, Down];
    static readonly string[] Applying = [Migrate, Run, Plan];

    readonly List<Setting> _all = [];

    /// <summary>Declares every setting, reading defaults through <paramref name="context"/>'s environment and working folder.</summary>
    public OptionCatalog(CliContext context)
    {
        Sources = new SettingSources(context, () => _all.Where(s => !s.CommandLineOnly).Select(s => s.Key));
        DbUrl = Text("--db-url", "URL", [.. Connecting, Squash], OptionNames.DatabaseUrl,
            $"The database: postgres://user:password@host:port/db?sslmode=… or Npgsql keywords (default: ${DatabaseUrlVariable})",
            (o, v, _) => o with { DatabaseUrl = v }, secret: true, extraVariable: DatabaseUrlVariable, messageName: $"--db-url URL or {DatabaseUrlVariable}");
        Dir = Add(new TypedSetting<string>(new Option<string>("--dir") { Description = "The migrations folder", HelpName = "DIR" }, Sources, null,
            () => FolderSource.DefaultPath, (o, v, c) => o with { Directory = c.ResolvePath(v) })
        { Commands = [.. ReadingFiles, Build, Lint, New, Dev, Squash], Property = OptionNames.Directory });
        Bundle = Text("--bundle", "FILE", [.. ReadingFiles, Run], nameof(MigrationOptions.Bundle),
            "A bundle written by 'build', instead of a migrations folder (verified before anything runs)",
            (o, v, c) => o with { Bundle = v is null ? null : c.ResolvePath(v) });
        Schema = Add(new TypedSetting<string>(new Option<string>("--schema") { Description = "The schema of the history table", HelpName = "SCHEMA" },
            Sources, null, () => HistoryTable.DefaultSchema, (o, v, _) => o with { Schema = v })
        { Commands = [.. Connecting, Setup, Dev], Property = OptionNames.Schema });
        Table = Add(new TypedSetting<string>(new Option<string>("--table") { Description = "The name of the history table", HelpName = "TABLE" },
            Sources, null, () => HistoryTable.DefaultName, (o, v, _) => o with { Table = v })
        { Commands = [.. Connecting, Setup, Dev], Property = OptionNames.Table });
        Flag("--any-version", [.. ReadingFiles, Run, Build, Lint, Squash], OptionNames.AllowAnyVersion,
            "Accept migration versions that are not UTC timestamps (YYYYMMDDHHMMSS), for a project numbered otherwise",
            (o, v) => o with { AllowAnyVersion = v }, messageName: $"any-version = true in {ConfigFile.FileName} (or --any-version)");
        Flag("--create-roles", [Bootstrap, Setup, Migrate, Run], nameof(MigrationOptions.CreateRoles),
            "Create Supabase's roles anon, authenticated and service_role (NOLOGIN) where missing", (o, v) => o with { CreateRoles = v });
        Flag("--allow-drift", [Migrate, Run, Status, Plan], OptionNames.AllowDrift,
            "Go on although applied migrations' files have changed", (o, v) => o with { AllowDrift = v });
        Flag("--out-of-order", [Migrate, Run, Plan], OptionNames.AllowOutOfOrder,
            "Apply pending migrations older than the newest applied one", (o, v) => o with { AllowOutOfOrder = v });
        Flag("--out-of-order", [Status, Validate, Test], OptionNames.AllowOutOfOrder,
            "Count pending migrations older than the newest applied one as migrate --out-of-order would: to be applied, not a problem",
            (o, v) => o with { AllowOutOfOrder = v });
        Add(new TypedSetting<MigrationVersion?>(new Option<MigrationVersion?>("--target") { Description = "Apply only up to and including this version", HelpName = "VERSION" },
            Sources, ParseVersion("--target"), () => null, (o, v, _) => o with { Target = v })
        { Commands = Applying, Property = nameof(MigrationOptions.Target) });
        Time("--lock-timeout", Locking, nameof(MigrationOptions.LockWait),
            "How long to wait for another migrator's lock, e.g. 30s, 5m (default: wait as long as it takes)", (o, v) => o with { LockWait = v });
        Time("--wait-for-db", Connecting, OptionNames.WaitForDatabase,
            "Keep retrying for this long while the database cannot be reached yet, e.g. 60s (default: try once)", (o, v) => o with { WaitForDatabase = v });
        Time("--statement-lock-timeout", [.. Applying, Down], nameof(MigrationOptions.StatementLockTimeout),
            "lock_timeout for migration statements, e.g. 5s: a migration that cannot get its locks gives up and is retried",
            (o, v) => o with { StatementLockTimeout = v });
        Time("--statement-timeout", [.. Applying, Down], nameof(MigrationOptions.StatementTimeout),
            "statement_timeout for migration statements, e.g. 10m (default: the server's)", (o, v) => o with { StatementTimeout = v });
        Flag("--single-transaction", Applying, OptionNames.SingleTransaction,
            "Apply every pending migration in one transaction: all or nothing (refused when one must run outside a transaction)",
            (o, v) => o with { SingleTransaction = v });
        Flag("--always-run-callbacks", Applying, nameof(MigrationOptions.AlwaysRunCallbacks),
            "Run the beforeMigrate and afterMigrate callbacks even when nothing is pending", (o, v) => o with { AlwaysRunCallbacks = v });
        Number("--lock-retries", [Migrate, Run], nameof(MigrationOptions.LockRetries),
            "How many times to retry a migration that failed on a lock timeout or a deadlock", 3, 0, (o, v) => o with { LockRetries = v });
        Add(new TypedSetting<TargetShard?>(new Option<TargetShard?>("--shard")
        {
            Description = "With --targets or --targets-query: migrate only shard INDEX of COUNT, written INDEX/COUNT or COUNT (INDEX from 0), a slice of the databases that stays "
                + $"the same however the list is ordered (default INDEX: ${JobIndexVariable}, set by a Kubernetes Indexed Job)",
            HelpName = "SHARD",
        }, Sources, text => TargetShard.Parse(text, JobIndex(), "--shard"), () => null, (o, v, _) => o with { Shard = v })
        { Commands = [Migrate, Run], Property = nameof(MigrationOptions.Shard) });
        Text("--scratch-url", "URL", Replaying, OptionNames.ScratchUrl,
            "A server on which to create (and drop) the scratch database (default: a throwaway local PostgreSQL); the migrations' "
            + "server-wide statements (CREATE ROLE…) run there, and what they create is dropped afterwards",
            (o, v, _) => o with { ScratchUrl = v }, secret: true);
        Text("--prepare", "FILE", Replaying, OptionNames.PrepareFile, "A SQL file to run on the scratch database before the migrations",
            (o, v, c) => o with { PrepareFile = v is null ? null : c.ResolvePath(v) });
        Flag("--supabase", Replaying, OptionNames.Supabase,
            "Prepare the scratch database with the Supabase environment (roles, auth, storage, extensions, realtime; see docs/supabase.md)",
            (o, v) => o with { Supabase = v });
        Flag("--supabase", [Dev], OptionNames.Supabase,
            "Give the development database the Supabase environment (remembered for its folder; see docs/supabase.md)",
            (o, v) => o with { Supabase = v });
        Add(new TypedSetting<string>(new Option<string>("--dev-dir")
        { Description = $"The folder of the development database (default {MigrationOptions.DefaultDevFolder}; git-ignored)", HelpName = "DIR" },
            Sources, null, () => MigrationOptions.DefaultDevFolder, (o, v, c) => o with { DevFolder = c.ResolvePath(v) })
        { Commands = [Dev], Property = nameof(MigrationOptions.DevFolder) });
        Flag("--supabase", [Sandbox], OptionNames.Supabase,
            "Give the throwaway database the Supabase environment (roles, auth, storage, extensions, realtime; see docs/supabase.md)",
            (o, v) => o with { Supabase = v });
        Number("--max-rows-to-hash", [Test, Squash], nameof(MigrationOptions.MaxRowsToHash), "Tables with more rows are compared by row count only",
            new MigrationOptions().MaxRowsToHash, 0, (o, v) => o with { MaxRowsToHash = v });
        // The lint baseline may also be the project's ([lint] baseline in the file); the rest are for one invocation.
        var sources = Sources;
        Text("--baseline", "FILE", [Lint], OptionNames.LintBaseline,
            $"A lint baseline written by --write-baseline: the findings it lists are accepted, so only new ones are reported and fail (default: [lint] baseline in {ConfigFile.FileName})",
            (o, v, c) => o with { LintBaseline = v is null ? sources.File?.LintBaseline : c.ResolvePath(v) }, commandLineOnly: true);
        Text("--write-baseline", "FILE", [Lint], OptionNames.LintBaselineToWrite,
            "Record every current finding in FILE (sorted, one a line, for review), to lint with --baseline FILE from then on",
            (o, v, c) => o with { LintBaselineToWrite = v is null ? null : c.ResolvePath(v) }, commandLineOnly: true);
        Text("--since", "GIT_REF", [Lint], OptionNames.LintSince,
            "Report only on the files added or changed since this git commit (e.g. origin/main, HEAD~1), uncommitted ones included",
            (o, v, _) => o with { LintSince = v }, commandLineOnly: true);
        Flag("--pending", [Lint], OptionNames.LintPendingOnly,
            "Report only on the files not yet applied to the database (--db-url)", (o, v) => o with { LintPendingOnly = v }, commandLineOnly: true);
        Text("--schemas", "SCHEMAS", [Drift, Plan, Diff], nameof(MigrationOptions.Schemas),
            "The schemas to compare with the migrations, separated by commas (default: public and the schemas the migrations create or "
            + "change; Supabase's own, such as auth and storage, only when named)",
            (o, v, _) => o with { Schemas = v?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) });
        Json = Add(new TypedSetting<bool>(new Option<bool>("--json") { Description = "Write the result as JSON on stdout" }, Sources, null, () => false,
            (o, _, _) => o)
        { Commands = [Bootstrap, Setup, Migrate, Run, Build, Status, Validate, Test, Plan, Baseline, Repair, Adopt, Lint, New, Down, Drift, Dev, Squash, Diff] });
    }

    /// <summary>The environment variable a Kubernetes Indexed Job sets in each pod: the pod's index, the default shard index.</summary>
    public const string JobIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>Where values come from when not on the command line.</summary>
    public SettingSources Sources { get; }

    /// <summary>Every setting, in declaration order.</summary>
    public IReadOnlyList<Setting> All => _all;

    /// <summary>-q: results and errors only. Every command takes it.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only results and errors", Recursive = true };

    /// <summary>-v: details too. Every command takes it.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print details as well (transaction modes, counts, targets)", Recursive = true };

    /// <summary>--db-url.</summary>
    public TypedSetting<string?> DbUrl { get; }

    /// <summary>--dir.</summary>
    public TypedSetting<string> Dir { get; }

    /// <summary>--bundle.</summary>
    public TypedSetting<string?> Bundle { get; }

    /// <summary>--schema.</summary>
    public TypedSetting<string> Schema { get; }

    /// <summary>--table.</summary>
    public TypedSetting<string> Table { get; }

    /// <summary>--json.</summary>
    public TypedSetting<bool> Json { get; }

    /// <summary>How engine messages name the options: by their flags.</summary>
    public OptionNames Names => new(_all.Where(s => s.Property is not null).GroupBy(s => s.Property!)
        .ToDictionary(g => g.Key, g => g.First().MessageName ?? g.First().Flag, StringComparer.Ordinal));

    /// <summary>Adds every setting <paramref name="command"/> takes to it.</summary>
    public void AddTo(Command command)
    {
        foreach (var setting in _all.Where(s => s.IsFor(command.Name)))
            command.Add(setting.Option);
    }

    /// <summary>The one mapping from a parsed command line to the options record.</summary>
    /// <exception cref="MigrateException">Two settings contradict each other (<see cref="FailureKind.Usage"/>).</exception>
    public MigrationOptions ToOptions(ParseResult parsed, CliContext context)
    {
        var command = parsed.CommandResult.Command;
        var options = new MigrationOptions { Names = Names };
        foreach (var setting in _all.Where(s => command.Options.Contains(s.Option)))
            options = setting.Apply(options, parsed, context);
        if (options.Bundle is not null && command.Options.Contains(Dir.Option) && parsed.GetResult(Dir.Option) is { Implicit: false })
            throw new MigrateException(FailureKind.Usage, "give either --dir or --bundle, not both");
        return options;
    }

    /// <summary>True when this command line asks for JSON.</summary>
    public bool WantsJson(ParseResult parsed) => parsed.CommandResult.Command.Options.Contains(Json.Option) && Json.Value(parsed);

    TypedSetting<T> Add<T>(TypedSetting<T> setting)
    {
        _all.Add(setting);
        return setting;
    }

    TypedSetting<string?> Text(string flag, string helpName, string[] commands, string property, string description,
        Func<MigrationOptions, string?, CliContext, MigrationOptions> apply, bool secret = false, string? extraVariable = null, string? messageName = null,
        bool commandLineOnly = false)
    {
        var sources = Sources;
        Func<string?> fallback = extraVariable is null ? () => null : () => sources.Environment(extraVariable) is { Length: > 0 } value ? value : null;
        return Add(new TypedSetting<string?>(new Option<string?>(flag) { Description = description, HelpName = helpName }, Sources, null,
            fallback, (o, v, c) => apply(o, string.IsNullOrWhiteSpace(v) ? null : v, c), secret, commandLineOnly)
        { Commands = commands, Property = property, MessageName = messageName });
    }

    void Flag(string flag, string[] commands, string property, string description, Func<MigrationOptions, bool, MigrationOptions> apply,
        string? messageName = null, bool commandLineOnly = false)
    {
        // One option per flag: a flag whose help differs between commands gets its own option object for those.
        Add(new TypedSetting<bool>(new Option<bool>(flag) { Description = description }, Sources, null, () => false, (o, v, _) => apply(o, v),
            commandLineOnly: commandLineOnly)
        { Commands = commands, Property = property, MessageName = messageName });
    }

    void Time(string flag, string[] commands, string property, string description, Func<MigrationOptions, TimeSpan?, MigrationOptions> apply) =>
        Add(new TypedSetting<TimeSpan?>(new Option<TimeSpan?>(flag) { Description = description, HelpName = "DURATION" }, Sources,
            text => Duration.Parse(text, flag), () => null, (o, v, _) => apply(o, v))
        { Commands = commands, Property = property });

    void Number(string flag, string[] commands, string property, string description, int fallback, int minimum,
        Func<MigrationOptions, int, MigrationOptions> apply) =>
        Add(new TypedSetting<int>(new Option<int>(flag) { Description = description, HelpName = "N" }, Sources,
            text => !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? throw new MigrateException(FailureKind.Usage, $"{flag} must be a whole number, not '{text}'")
                : n >= minimum ? n : throw new MigrateException(FailureKind.Usage, $"{flag} must be {minimum} or more"),
            () => fallback, (o, v, _) => apply(o, v))
        { Commands = commands, Property = property });

    /// <summary>The pod's index in a Kubernetes Indexed Job, when the environment says.</summary>
    int? JobIndex() =>
        Sources.Environment(JobIndexVariable) is not { Length: > 0 } text ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index
            : throw new MigrateException(FailureKind.Usage, $"{JobIndexVariable} '{text}' is not a shard index (a whole number from 0)");

    static Func<string, MigrationVersion?> ParseVersion(string flag) => text =>
        MigrationVersion.TryParse(text, out var version) ? version
            : throw new MigrateException(FailureKind.Usage, $"{flag} '{text}' is not a version (digits, such as 20250101120000)");
}
