using Wayli.Migrate.History;
using Wayli.Migrate.Local;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Tests.Runs;

/// <summary><c>bootstrap</c> says what it changed, read from the catalogs, and nothing when nothing changed.</summary>
public sealed class BootstrapTests
{
    [Fact]
    public async Task Creating_the_roles_later_reports_the_grants_and_the_policy_it_adds_and_a_third_run_reports_nothing()
    {
        // A server without Supabase's roles (the shared test server has them).
        await using var cluster = await LocalCluster.StartAsync(TestContext.Current.CancellationToken);
        var url = cluster.Url(await cluster.CreateDatabaseAsync("app", TestContext.Current.CancellationToken));
        var token = TestContext.Current.CancellationToken;

        var first = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = url }).BootstrapAsync(token);
        var withRoles = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = url, CreateRoles = true }).BootstrapAsync(token);
        var again = await new MigrationRunner(new MigrationOptions { AllowAnyVersion = true, DatabaseUrl = url, CreateRoles = true }).BootstrapAsync(token);

        Assert.Equal(HistoryShape.Missing, first.Before);
        Assert.Contains("created table public.database_migrations", first.Changes);
        Assert.DoesNotContain(first.Changes, c => c.StartsWith("policy", StringComparison.Ordinal));
        Assert.Equal(HistoryShape.Current, withRoles.Before);
        Assert.Contains("created role service_role", withRoles.Changes);
        Assert.Contains(withRoles.Changes, c => c.StartsWith("policy wayli_migrate_service_role_only on public.database_migrations", StringComparison.Ordinal));
        Assert.Contains(withRoles.Changes, c => c.StartsWith("privileges on public.exec_sql(text)", StringComparison.Ordinal) && c.Contains("service_role=X", StringComparison.Ordinal));
        Assert.Empty(again.Changes);
    }
}
