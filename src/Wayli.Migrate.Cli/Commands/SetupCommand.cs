using System.CommandLine;
using Wayli.Migrate.Infrastructure;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>setup</c>: prints the infrastructure SQL for a person to review and run by hand.</summary>
internal static class SetupCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("setup", "Print the SQL that 'bootstrap' runs (history table, RLS policy, exec_sql), to run by hand")
        {
            options.Schema, options.Table, options.CreateRoles,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            await context.Output.WriteAsync(InfrastructureScript.Render(inputs.Table(), parsed.GetValue(options.CreateRoles)));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
