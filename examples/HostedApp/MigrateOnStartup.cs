using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wayli.Migrate.Runs;

namespace HostedApp;

/// <summary>
/// Applies pending migrations when the application starts. It takes the same cluster-wide lock as the
/// wayli-migrate command, so several replicas starting at once apply each migration exactly once; a failed
/// migration stops the application instead of letting it serve an old schema.
/// </summary>
/// <param name="configuration">Reads DATABASE_URL and MIGRATIONS_DIR.</param>
/// <param name="logger">Where progress goes.</param>
internal sealed partial class MigrateOnStartup(IConfiguration configuration, ILogger<MigrateOnStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(new MigrationOptions
        {
            DatabaseUrl = configuration["DATABASE_URL"] ?? throw new InvalidOperationException("set DATABASE_URL"),
            Directory = configuration["MIGRATIONS_DIR"] ?? "supabase/migrations",
            WaitForDatabase = TimeSpan.FromSeconds(60),
            CreateRoles = true,
            Logger = logger,
        });
        var result = await runner.MigrateAsync(cancellationToken);
        if (!result.Succeeded)
            throw new InvalidOperationException($"migrations did not complete: {result.Failed?.Error.ToString() ?? "see the log"}");
        var applied = result.Applied.Count;
        LogMigrated(logger, applied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "database migrated: {Applied} applied now")]
    static partial void LogMigrated(ILogger logger, int applied);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
