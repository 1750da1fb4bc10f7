using System.CommandLine;
using Wayli.Migrate.Cli.Commands;

namespace Wayli.Migrate.Cli;

/// <summary>Builds the command tree and runs one command line against a <see cref="CliContext"/>.</summary>
public static class CliApp
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Register anything that looks like a password before a single character is printed: a URL typed without
        // its option is echoed by the parser's "unrecognized argument" error.
        foreach (var argument in args)
            context.Secrets.AddFromConnectionText(argument);
        context.Secrets.AddFromConnectionText(context.Environment(Options.OptionCatalog.DatabaseUrlVariable));
        var root = CreateRootCommand(context);
        var invocation = new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false };
        try
        {
            // Parsing reads option defaults from the environment and wayli-migrate.toml, which can fail too.
            ParseResult parsed;
            try
            {
                parsed = root.Parse(args);
            }
            catch (Failures.MigrateException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.For(e.Kind);
            }
            if (parsed.Errors.Count > 0)
            {
                foreach (var line in UsageErrors.Describe(parsed))
                    await context.Error.WriteLineAsync(line);
                return ExitCodes.Usage;
            }
            context.Verbosity = parsed.GetValue<bool>("--verbose") ? Rendering.Verbosity.Verbose
                : parsed.GetValue<bool>("--quiet") ? Rendering.Verbosity.Quiet
                : Rendering.Verbosity.Normal;
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        finally
        {
            await context.Output.FlushAsync(cancellationToken);
            await context.Error.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The root command with every subcommand.</summary>
    internal static RootCommand CreateRootCommand(CliContext context) => CreateRootCommand(context, out _);

    /// <summary>The root command with every subcommand, and the settings they take.</summary>
    internal static RootCommand CreateRootCommand(CliContext context, out Options.OptionCatalog catalog)
    {
        var options = catalog = new Options.OptionCatalog(context);
        return new RootCommand("""
            Wayli Migrate: applies timestamped SQL migrations to PostgreSQL, safely, once each.

            Examples:
              wayli-migrate migrate --db-url postgres://postgres:…@db:5432/postgres
              wayli-migrate status --json
              wayli-migrate test --supabase
              wayli-migrate dev start --supabase
              wayli-migrate drift
              wayli-migrate new "add trips table"
            """)
        {
            options.Quiet,
            options.Verbose,
            BootstrapCommand.Create(context, options),
            SetupCommand.Create(context, options),
            MigrateCommand.Create(context, options),
            MigrateCommand.CreateRun(context, options),
            BuildCommand.Create(context, options),
            StatusCommand.Create(context, options),
            ValidateCommand.Create(context, options),
            TestCommand.Create(context, options),
            DriftCommand.Create(context, options),
            DiffCommand.Create(context, options),
            NewCommand.Create(context, options),
            PlanCommand.Create(context, options),
            SquashCommand.Create(context, options),
            DownCommand.Create(context, options),
            MaintenanceCommand.CreateBaseline(context, options),
            MaintenanceCommand.CreateRepair(context, options),
            MaintenanceCommand.CreateAdopt(context, options),
            LintCommand.Create(context, options),
            SandboxCommand.Create(context, options),
            DevCommand.Create(context, options),
        };
    }
}
