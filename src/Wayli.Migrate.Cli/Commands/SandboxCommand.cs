using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Infrastructure;
using Wayli.Migrate.Local;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>sandbox -- COMMAND…</c>: starts a throwaway local PostgreSQL, runs COMMAND with <c>DATABASE_URL</c> pointing at a
/// fresh database in it, then deletes the cluster. Used by the demo; handy for trying migrations out. With
/// <c>--supabase</c> the database gets the Supabase environment first.
/// </summary>
internal static class SandboxCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var database = new Option<string>("--database") { Description = "Name of the database to create", DefaultValueFactory = _ => "app", HelpName = "NAME" };
        var program = new Argument<string[]>("COMMAND") { Description = "The command to run, and its arguments", Arity = ArgumentArity.OneOrMore };
        var command = new Command("sandbox", """
            Run a command against a throwaway local PostgreSQL (DATABASE_URL is set for it), then remove it

            Examples:
              wayli-migrate sandbox -- wayli-migrate migrate --create-roles
              wayli-migrate sandbox --supabase -- wayli-migrate migrate
              wayli-migrate sandbox -- bash -c 'psql "$DATABASE_URL"'
            """)
        {
            database, program,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => CommandRunner.GuardAsync(context, command.Name, json: false, async () =>
        {
            RefuseUnknownOptions(parsed);
            var supabase = catalog.ToOptions(parsed, context).Supabase;
            await using var cluster = await LocalCluster.StartAsync(cancellationToken);
            context.Secrets.Add(cluster.Password);
            var name = await cluster.CreateDatabaseAsync(parsed.GetValue(database)!, cancellationToken);
            if (supabase)
                await SupabaseEnvironment.InstallAsync(cluster.Settings(name), cancellationToken);
            await context.Error.WriteLineAsync($"sandbox: PostgreSQL on 127.0.0.1:{cluster.Port}, database {name}"
                + (supabase ? " with the Supabase environment" : "") + " (removed afterwards)");
            return await RunAsync(parsed.GetValue(program)!, cluster.Url(name), context, cancellationToken);
        }));
        return command;
    }

    /// <summary>
    /// An option sandbox does not know, before the <c>--</c> that starts the command, is a mistake (not a program named
    /// <c>--supabase</c>): the command's words come after <c>--</c>.
    /// </summary>
    static void RefuseUnknownOptions(ParseResult parsed)
    {
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
                return;
            if (token.Type == TokenType.Argument && token.Value.StartsWith('-'))
            {
                throw new MigrateException(FailureKind.Usage,
                    $"sandbox has no option {token.Value}; run 'wayli-migrate sandbox --help', and put the command to run after --");
            }
        }
    }

    static async Task<int> RunAsync(string[] commandLine, string url, CliContext context, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false, WorkingDirectory = context.WorkingDirectory };
        foreach (var argument in commandLine.Skip(1))
            info.ArgumentList.Add(argument);
        info.Environment["DATABASE_URL"] = url;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MigrateException(FailureKind.Usage, $"could not start {commandLine[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MigrateException(FailureKind.Usage, $"could not start '{commandLine[0]}': {e.Message} (is it installed and on PATH?)", e);
        }
        using var started = process;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
