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
        Sandbox = "sandbox", Dev = "dev";

    static readonly string[] Connecting = [Bootstrap, Migrate, Run, Status, Validate, Test, Plan, Baseline, Repair, Adopt];
    static readonly string[] ReadingFiles = [Migrate, Status, Validate, Test, Plan, Baseline, Repair, Adopt];
    static readonly string[] Locking = [Bootstrap, Migrate, Run, Baseline, Repair, Adopt];
    static readonly string[] Applying = [Migrate, Run, Plan];

    readonly List<Setting> _all = [];

    /// <summary>Declares every setting, reading defaults through <paramref name="context"/>'s environment and working folder.</summary>
    public OptionCatalog(CliContext context)
    {
        Sources = new SettingSources(context, () => _all.Select(s => s.Key));
        DbUrl = Text("--db-url", "URL", Connecting, OptionNames.DatabaseUrl,
            $"The database: postgres://user:password@host:port/db?sslmode=… or Npgsql keywords (default: ${DatabaseUrlVariable})",
            (o, v, _) => o with { DatabaseUrl = v }, secret: true, extraVariable: DatabaseUrlVariable, messageName: $"--db-url URL or {DatabaseUrlVariable}");
        Dir = Add(new TypedSetting<string>(new Option<string>("--dir") { Description = "The migrations folder", HelpName = "DIR" }, Sources, null,
            () => FolderSource.DefaultPath, (o, v, c) => o with { Directory = c.ResolvePath(v) })
        { Commands = [.. ReadingFiles, Build, Lint, New, Dev], Property = OptionNames.Directory });
        Bundle = Text("--bundle", "FILE", [.. ReadingFiles, Run], nameof(MigrationOptions.Bundle),
            "A bundle written by 'build', instead of a migrations folder (verified before anything runs)",
            (o, v, c) => o with { Bundle = v is null ? null : c.ResolvePath(v) });
        Schema = Add(new TypedSetting<string>(new Option<string>("--schema") { Description = "The schema of the history table", HelpName = "SCHEMA" },
            Sources, null, () => HistoryTable.DefaultSchema, (o, v, _) => o with { Schema = v })
        { Commands = [.. Connecting, Setup, Dev], Property = OptionNames.Schema });
        Table = Add(new TypedSetting<string>(new Option<string>("--table") { Description = "The name of the history table", HelpName = "TABLE" },
            Sources, null, () => HistoryTable.DefaultName, (o, v, _) => o with { Table = v })
        { Commands = [.. Connecting, Setup, Dev], Property = OptionNames.Table });
        Flag("--any-version", [.. ReadingFiles, Run, Build, Lint], OptionNames.AllowAnyVersion,
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
        Time("--statement-lock-timeout", Applying, nameof(MigrationOptions.StatementLockTimeout),
            "lock_timeout for migration statements, e.g. 5s: a migration that cannot get its locks gives up and is retried",
            (o, v) => o with { StatementLockTimeout = v });
        Time("--statement-timeout", Applying, nameof(MigrationOptions.StatementTimeout),
            "statement_timeout for migration statements, e.g. 10m (default: the server's)", (o, v) => o with { StatementTimeout = v });
        Number("--lock-retries", [Migrate, Run], nameof(MigrationOptions.LockRetries),
            "How many times to retry a migration that failed on a lock timeout or a deadlock", 3, 0, (o, v) => o with { LockRetries = v });
        Text("--scratch-url", "URL", [Test], OptionNames.ScratchUrl,
            "A server on which to create (and drop) the scratch database (default: a throwaway local PostgreSQL); the migrations' "
            + "server-wide statements (CREATE ROLE…) run there, and what they create is dropped afterwards",
            (o, v, _) => o with { ScratchUrl = v }, secret: true);
        Text("--prepare", "FILE", [Test], OptionNames.PrepareFile, "A SQL file to run on the scratch database before the migrations",
            (o, v, c) => o with { PrepareFile = v is null ? null : c.ResolvePath(v) });
        Flag("--supabase", [Test], OptionNames.Supabase,
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
        Number("--max-rows-to-hash", [Test], nameof(MigrationOptions.MaxRowsToHash), "Tables with more rows are compared by row count only",
            new MigrationOptions().MaxRowsToHash, 0, (o, v) => o with { MaxRowsToHash = v });
        Json = Add(new TypedSetting<bool>(new Option<bool>("--json") { Description = "Write the result as JSON on stdout" }, Sources, null, () => false,
            (o, _, _) => o)
        { Commands = [Bootstrap, Setup, Migrate, Run, Build, Status, Validate, Test, Plan, Baseline, Repair, Adopt, Lint, New, Dev] });
    }

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
        Func<MigrationOptions, string?, CliContext, MigrationOptions> apply, bool secret = false, string? extraVariable = null, string? messageName = null)
    {
        var sources = Sources;
        Func<string?> fallback = extraVariable is null ? () => null : () => sources.Environment(extraVariable) is { Length: > 0 } value ? value : null;
        return Add(new TypedSetting<string?>(new Option<string?>(flag) { Description = description, HelpName = helpName }, Sources, null,
            fallback, (o, v, c) => apply(o, string.IsNullOrWhiteSpace(v) ? null : v, c), secret)
        { Commands = commands, Property = property, MessageName = messageName });
    }

    void Flag(string flag, string[] commands, string property, string description, Func<MigrationOptions, bool, MigrationOptions> apply,
        string? messageName = null)
    {
        // One option per flag: a flag whose help differs between commands gets its own option object for those.
        Add(new TypedSetting<bool>(new Option<bool>(flag) { Description = description }, Sources, null, () => false, (o, v, _) => apply(o, v))
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

    static Func<string, MigrationVersion?> ParseVersion(string flag) => text =>
        MigrationVersion.TryParse(text, out var version) ? version
            : throw new MigrateException(FailureKind.Usage, $"{flag} '{text}' is not a version (digits, such as 20250101120000)");
}
