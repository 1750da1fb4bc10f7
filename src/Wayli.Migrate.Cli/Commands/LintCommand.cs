using System.CommandLine;
using Wayli.Migrate.Cli.Output;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Commands;

/// <summary>
/// <c>lint</c>: checks the migration files, without a database, for statements that fail or change things when run
/// twice, that lock busy tables, or that are insecure; each finding with the guarded form to write instead. Exit 3
/// when any finding is an error.
/// </summary>
internal static class LintCommand
{
    public static Command Create(CliContext context, CommonOptions options)
    {
        var format = new Option<string>("--format")
        {
            Description = "text (file:line:col: severity RULE: message), json, or sarif (SARIF 2.1.0 for GitHub code scanning)",
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
            """)
        {
            options.Dir, format, disable,
        };
        command.SetAction((parsed, cancellationToken) => CommandRunner.RunAsync(context, async () =>
        {
            var inputs = new CommandInputs(context, options, parsed);
            // The project's [lint] disable in wayli-migrate.toml, plus any --disable on the command line.
            var disabled = (parsed.GetValue(disable) ?? []).Concat(options.Sources.File?.DisabledLintRules ?? [])
                .SelectMany(ids => ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            // Checked before the files are read, so a typo in --disable is reported as a usage error straight away.
            var lintOptions = new LintOptions { DisabledRules = [.. LintRules.Resolve(disabled)] };
            var set = await MigrationDirectory.LoadAsync(inputs.Directory, cancellationToken);
            var findings = Linter.Lint(set, lintOptions);
            var files = set.Migrations.Count + set.Problems.Select(p => p.File).Except(set.Migrations.Select(m => m.Path)).Count();
            switch (parsed.GetValue(format))
            {
                case "json":
                    await context.Output.WriteLineAsync(LintJsonReport.Write(context, findings, inputs.Directory, files));
                    break;
                case "sarif":
                    await context.Output.WriteLineAsync(SarifReport.Write(context, findings));
                    break;
                default:
                    await LintTextReport.WriteAsync(context, findings, files);
                    break;
            }
            return findings.Any(f => f.Severity == LintSeverity.Error) ? ExitCodes.Validation : ExitCodes.Ok;
        }));
        return command;
    }
}
