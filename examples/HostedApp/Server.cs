using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HostedApp;

/// <summary>
/// Stands in for the application's real work (an HTTP server, a queue consumer): it starts only after the
/// migration. With EXIT_AFTER_START=true it stops the application at once, which is how the test runs it.
/// </summary>
/// <param name="configuration">Reads EXIT_AFTER_START.</param>
/// <param name="lifetime">Stops the application when asked to.</param>
/// <param name="logger">Where it says it is serving.</param>
internal sealed partial class Server(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<Server> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogServing(logger);
        if (string.Equals(configuration["EXIT_AFTER_START"], "true", StringComparison.OrdinalIgnoreCase))
        {
            lifetime.StopApplication();
            return;
        }
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "serving")]
    static partial void LogServing(ILogger logger);
}
