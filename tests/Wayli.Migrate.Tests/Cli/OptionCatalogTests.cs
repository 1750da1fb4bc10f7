using System.CommandLine;
using System.Reflection;
using Wayli.Migrate.Cli;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Tests.Cli;

/// <summary>Each setting is declared once and mapped onto the options record in one function: flags, then the environment, then the file.</summary>
public sealed class OptionCatalogTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("wayli-options-").FullName;

    MigrationOptions Parse(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => environment.GetValueOrDefault(name), _folder);
        var root = CliApp.CreateRootCommand(context, out var catalog);
        var parsed = root.Parse(args);
        Assert.True(parsed.Errors.Count == 0, string.Join('\n', parsed.Errors.Select(e => e.Message)));
        return catalog.ToOptions(parsed, context);
    }

    [Fact]
    public void Every_setting_sets_a_property_of_the_options_record_and_commands_take_only_declared_settings()
    {
        var catalog = new OptionCatalog(new CliContext(TextWriter.Null, TextWriter.Null, _ => null, _folder));
        var properties = typeof(MigrationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet();

        Assert.All(catalog.All.Where(s => s.Property is not null), s => Assert.Contains(s.Property!, properties));
        Assert.Equal(["--json"], catalog.All.Where(s => s.Property is null).Select(s => s.Flag));
        Assert.All(catalog.All, s => Assert.NotEmpty(s.Commands));
    }

    [Fact]
    public void A_flag_is_mapped_to_its_property_and_paths_are_resolved_against_the_working_folder()
    {
        var options = Parse(new Dictionary<string, string>(), "migrate", "--db-url", "postgres://u@h/d", "--dir", "db/m", "--statement-lock-timeout", "5s",
            "--lock-timeout", "2m", "--lock-retries", "7", "--target", "20250101000000", "--allow-drift", "--out-of-order");

        Assert.Equal("postgres://u@h/d", options.DatabaseUrl);
        Assert.Equal(Path.Combine(_folder, "db", "m"), options.Directory);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StatementLockTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.LockWait);
        Assert.Equal(7, options.LockRetries);
        Assert.Equal("20250101000000", options.Target.ToString());
        Assert.True(options.AllowDrift && options.AllowOutOfOrder);
        Assert.Null(options.StatementTimeout);
    }

    [Fact]
    public void Flags_beat_the_environment_which_beats_the_file()
    {
        File.WriteAllText(Path.Combine(_folder, "wayli-migrate.toml"), "lock-timeout = \"1s\"\nstatement-timeout = \"3s\"\nlock-retries = 1\n");
        var environment = new Dictionary<string, string> { ["WAYLI_MIGRATE_LOCK_TIMEOUT"] = "2s", ["WAYLI_MIGRATE_LOCK_RETRIES"] = "2", ["DATABASE_URL"] = "postgres://env@h/d" };

        var options = Parse(environment, "migrate", "--lock-retries", "9");

        Assert.Equal(9, options.LockRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), options.LockWait);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StatementTimeout);
        Assert.Equal("postgres://env@h/d", options.DatabaseUrl);
    }

    [Fact]
    public void Engine_messages_name_options_by_their_flags()
    {
        var options = Parse(new Dictionary<string, string>(), "status");

        Assert.Equal("--allow-drift", options.Names[OptionNames.AllowDrift]);
        Assert.Equal("--out-of-order", options.Names[OptionNames.AllowOutOfOrder]);
        Assert.Equal("--dir", options.Names[OptionNames.Directory]);
        Assert.Equal("--wait-for-db", options.Names[OptionNames.WaitForDatabase]);
        Assert.Equal("--prepare", options.Names[OptionNames.PrepareFile]);
        Assert.StartsWith("--db-url", options.Names[OptionNames.DatabaseUrl], StringComparison.Ordinal);
        // Every key the engine names an option by is a property of the options record.
        var keys = typeof(OptionNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);
        Assert.All(keys, key => Assert.NotNull(typeof(MigrationOptions).GetProperty(key)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
