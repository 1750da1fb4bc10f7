using System.CommandLine;
using Wayli.Migrate.Cli.Options;
using Wayli.Migrate.Cli.Rendering;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>lint</c>: checks the migration files, without a database, for statements that fail or change things when run
/// twice, that lock busy tables, or that are insecure; each finding with the guarded form to write instead. Exit 3
/// when any finding is an error. A baseline, <c>--since</c> and <c>--pending</c> narrow what is reported (the options
/// are declared in the catalog).
/// </summary>
internal static class LintCommand
{
    public static Command Create(CliContext context, OptionCatalog catalog)
    {
        var format = new Option<string>("--format")
        {
            Description = "text (file:line:col: severity RULE: message), json (the same as --json), or sarif (SARIF 2.1.0 for GitHub code scanning)",
            DefaultValueFactory = _ => "text",
            HelpName = "FORMAT",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var disable = new Option<string[]>("--disable")
        {
            Description = "Do not check this rule anywhere, e.g. --disable WM201 (repeat it, or separate ids with commas)",
            HelpName = "RULE_ID",
        };
        var command = new Command("lint", """
            Check the migrations for statements that are not safe to run twice, lock busy tables or are insecure; exit 3 on errors

            Examples:
              wayli-migrate lint
              wayli-migrate lint --format sarif > lint.sarif
              wayli-migrate lint --disable WM201
              wayli-migrate lint --write-baseline supabase/lint-baseline.json   # accept what an existing project has
              wayli-migrate lint --baseline supabase/lint-baseline.json         # then fail only on new findings
              wayli-migrate lint --since origin/main                            # only what a pull request adds or changes
              wayli-migrate lint --pending --db-url "$DATABASE_URL"             # only what is not yet applied
            """)
        {
            format, disable,
        };
        catalog.AddTo(command);
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(format) switch
        {
            "sarif" => CommandRunner.GuardAsync(context, command.Name, json: false, async () =>
            {
                var options = catalog.ToOptions(parsed, context);
                var result = await new MigrationRunner(options).LintAsync(Options(parsed, catalog, disable), cancellationToken);
                await context.Output.WriteLineAsync(SarifReport.Write(context, result.Findings));
                return ExitCode(result);
            }),
            var text => CommandRunner.RunAsync(context, catalog, parsed,
                (runner, _) => runner.LintAsync(Options(parsed, catalog, disable), cancellationToken), ExitCode, json: text == "json" || catalog.WantsJson(parsed)),
        });
        return command;
    }

    /// <summary>The project's [lint] disable in wayli-migrate.toml, plus any --disable on the command line.</summary>
    static LintOptions Options(ParseResult parsed, OptionCatalog catalog, Option<string[]> disable) => new()
    {
        DisabledRules = [.. (parsed.GetValue(disable) ?? []).Concat(catalog.Sources.File?.DisabledLintRules ?? [])
            .SelectMany(ids => ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    static int ExitCode(LintResult result) => result.Errors > 0 ? ExitCodes.Validation : ExitCodes.Ok;
}
