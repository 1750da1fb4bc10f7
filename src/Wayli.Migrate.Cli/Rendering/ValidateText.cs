using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary><c>validate</c> for people: every problem and error on stderr, a verdict on stdout.</summary>
internal static class ValidateText
{
    public static async Task WriteAsync(CliContext context, ValidateResult result)
    {
        await ErrorReport.WriteProblemsAsync(context, result.Problems, $"{result.Problems.Count} problem(s) in the migration files.");
        foreach (var error in result.Errors)
            await context.Error.WriteLineAsync($"{Paint.Red(context, "error")}: {error.Message}");
        if (result.Status is not { } status)
        {
            await context.Output.WriteLineAsync(result.Valid
                ? $"{result.Files} migration file(s) valid (no database given, so history was not checked)."
                : "Files are not valid (no database given, so history was not checked).");
            return;
        }
        await context.Output.WriteLineAsync(result.Valid
            ? $"Valid: {result.Files} file(s), {status.Plan.Count(MigrationState.Applied)} applied, {status.Plan.ToApply.Count()} pending."
            : $"Not valid: {result.Problems.Count + result.Errors.Count} problem(s).");
    }
}
