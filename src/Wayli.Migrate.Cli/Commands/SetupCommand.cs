using System.CommandLine;
using Wayli.Migrate.Infrastructure;

namespace Wayli.Migrate.Cli.Commands;

/// <summary><c>setup</c>: prints the infrastructure SQL for a person to review and run by hand.</summary>
internal static class SetupCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var command = new Command("setup", """
            Print the SQL that 'bootstrap' runs (history table, RLS policy, exec_sql), to run by hand

            Examples:
              wayli-migrate setup > setup.sql
              wayli-migrate setup --schema ops --table migrations
            """)
        {
            options.Schema, options.Table, options.CreateRoles, options.Json,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            var sql = InfrastructureScript.Render(inputs.Table(), parsed.GetValue(options.CreateRoles));
            if (parsed.GetValue(options.Json))
                await context.Output.WriteLineAsync(Output.JsonReport.Outcome("the infrastructure SQL, to run by hand", ("sql", sql)));
            else
                await context.Output.WriteAsync(sql);
            return ExitCodes.Ok;
        }, parsed.GetValue(options.Json)));
        return command;
    }
}
