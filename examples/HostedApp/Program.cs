using HostedApp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Hosted services start in the order they are added, each awaited before the next: the migration runs to the
// end (or stops the application) before the service that serves requests starts.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<MigrateOnStartup>();
builder.Services.AddHostedService<Server>();
await builder.Build().RunAsync();
