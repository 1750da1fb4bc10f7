using System.CommandLine;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Options;

/// <summary>
/// One setting of the command line, declared once: its flag, value type, default, help text, the commands that take
/// it, and the options-record property it sets. Its environment variable (<c>WAYLI_MIGRATE_LOCK_TIMEOUT</c>) and its
/// <c>wayli-migrate.toml</c> key (<c>lock-timeout</c>) follow from the flag. See <see cref="OptionCatalog"/>.
/// </summary>
internal abstract class Setting
{
    /// <summary>The System.CommandLine option.</summary>
    public abstract Option Option { get; }

    /// <summary>The commands that take it.</summary>
    public required IReadOnlyList<string> Commands { get; init; }

    /// <summary>The <see cref="MigrationOptions"/> property it sets; null for a setting of the command line itself (--json).</summary>
    public string? Property { get; init; }

    /// <summary>How engine messages name it, when not by its flag alone (<c>--db-url URL or DATABASE_URL</c>).</summary>
    public string? MessageName { get; init; }

    /// <summary>
    /// True for a setting that only makes sense for one invocation (<c>lint --write-baseline</c>, <c>--since</c>): it has
    /// no environment variable or file key, so a value left in either cannot act on every later run.
    /// </summary>
    public bool CommandLineOnly { get; protected init; }

    /// <summary>The flag, such as <c>--lock-timeout</c>.</summary>
    public string Flag => Option.Name;

    /// <summary>The key in <c>wayli-migrate.toml</c> and the end of the environment variable: the flag without its dashes.</summary>
    public string Key => Flag.TrimStart('-');

    /// <summary>True when <paramref name="command"/> takes this setting.</summary>
    public bool IsFor(string command) => Commands.Contains(command, StringComparer.Ordinal);

    /// <summary>Sets the record's property from the parsed command line (or the environment, or the file, or the default).</summary>
    public abstract MigrationOptions Apply(MigrationOptions options, ParseResult parsed, CliContext context);
}
