using Wayli.Migrate.Cli;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Cli;

/// <summary>
/// <c>sandbox</c> mistakes are usage errors that say what to do, not internal errors; <c>--supabase</c> gives its
/// database the Supabase environment, without which a migration using <c>auth.uid()</c> fails.
/// </summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task An_unknown_option_before_the_double_dash_is_a_usage_error_and_starts_nothing()
    {
        var result = await Tool.RunAsync("sandbox", "--no-such-option", "--", "true");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("sandbox has no option --no-such-option", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL on", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_named_as_a_usage_error()
    {
        var result = await Tool.RunAsync("sandbox", "--", "no-such-program-wayli");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("could not start 'no-such-program-wayli'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_supabase_a_migration_using_auth_uid_applies_in_the_sandbox_and_without_it_fails()
    {
        using var folder = new MigrationFolder();
        var migration = folder.Write("policy.sql", """
            CREATE TABLE notes (owner uuid NOT NULL DEFAULT auth.uid(), body text);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own ON notes TO authenticated USING (owner = auth.uid());
            """);
        var script = $"psql -v ON_ERROR_STOP=1 -q \"$DATABASE_URL\" -f '{migration}' 2>'{folder.Path}/err' && psql -Atc 'SELECT count(*) FROM pg_policies' \"$DATABASE_URL\" >'{folder.Path}/out'";

        var supabase = await Tool.RunAsync("sandbox", "--supabase", "--", "bash", "-c", script);
        var plain = await Tool.RunAsync("sandbox", "--", "bash", "-c", script);

        Assert.True(supabase.ExitCode == ExitCodes.Ok, supabase.ToString());
        Assert.Contains("with the Supabase environment", supabase.Error, StringComparison.Ordinal);
        Assert.Equal("1", File.ReadAllText(Path.Combine(folder.Path, "out")).Trim());
        Assert.NotEqual(ExitCodes.Ok, plain.ExitCode);
        Assert.Contains("schema \"auth\" does not exist", File.ReadAllText(Path.Combine(folder.Path, "err")), StringComparison.Ordinal);
    }
}
