namespace Wayli.Migrate;

/// <summary>
/// How the person running the tool names an option, so an engine message can tell them what to change: the
/// command line fills it with its flags (<c>--allow-drift</c>), a library user sees the options record's property
/// (<c>MigrationOptions.AllowDrift</c>). Keys are the names of the options record's properties; the constants below
/// are the ones engine messages mention.
/// </summary>
/// <param name="names">The name of each option that has one (property name → how the user writes it).</param>
public sealed class OptionNames(IReadOnlyDictionary<string, string> names)
{
    /// <summary>The key of the database option.</summary>
    public const string DatabaseUrl = nameof(DatabaseUrl);

    /// <summary>The key of the migrations folder option.</summary>
    public const string Directory = nameof(Directory);

    /// <summary>The key of the history table's schema option.</summary>
    public const string Schema = nameof(Schema);

    /// <summary>The key of the history table's name option.</summary>
    public const string Table = nameof(Table);

    /// <summary>The key of the option that lets a run go on despite drift.</summary>
    public const string AllowDrift = nameof(AllowDrift);

    /// <summary>The key of the option that applies pending migrations older than the newest applied one.</summary>
    public const string AllowOutOfOrder = nameof(AllowOutOfOrder);

    /// <summary>The key of the option that waits for the database to come up.</summary>
    public const string WaitForDatabase = nameof(WaitForDatabase);

    /// <summary>The key of the option that names a server for scratch databases.</summary>
    public const string ScratchUrl = nameof(ScratchUrl);

    /// <summary>The key of the option that prepares the scratch database with a SQL file.</summary>
    public const string PrepareFile = nameof(PrepareFile);

    /// <summary>The key of the option that prepares a Supabase-like environment on the scratch database.</summary>
    public const string Supabase = nameof(Supabase);

    /// <summary>The key of the option that accepts versions other than UTC timestamps.</summary>
    public const string AllowAnyVersion = nameof(AllowAnyVersion);

    /// <summary>The key of the option that names a lint baseline to read.</summary>
    public const string LintBaseline = nameof(LintBaseline);

    /// <summary>The key of the option that names a lint baseline to write.</summary>
    public const string LintBaselineToWrite = nameof(LintBaselineToWrite);

    /// <summary>The key of the option that lints only the files changed since a git commit.</summary>
    public const string LintSince = nameof(LintSince);

    /// <summary>The key of the option that lints only the files not yet applied to the database.</summary>
    public const string LintPendingOnly = nameof(LintPendingOnly);

    /// <summary>The key of the option that applies every pending migration in one transaction.</summary>
    public const string SingleTransaction = nameof(SingleTransaction);

    /// <summary>The key of the option that bounds how long each migration's statements wait for a lock.</summary>
    public const string StatementLockTimeout = nameof(StatementLockTimeout);

    /// <summary>Names for a library user: the property of <c>MigrationOptions</c>.</summary>
    public static OptionNames Library { get; } = new(new Dictionary<string, string>());

    /// <summary>How the user writes the option whose options-record property is <paramref name="key"/>.</summary>
    public string this[string key] => names.TryGetValue(key, out var name) ? name : "MigrationOptions." + key;
}
