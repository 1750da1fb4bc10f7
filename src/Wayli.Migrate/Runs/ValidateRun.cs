using Wayli.Migrate.Planning;

namespace Wayli.Migrate.Runs;

/// <summary><c>validate</c>: the files, and with a database the history, checked for anything that would stop <c>migrate</c>.</summary>
internal static class ValidateRun
{
    public static async Task<ValidateResult> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var connection = run.OptionalConnection;
        var set = await run.Source.LoadAsync(lexNow: true, cancellationToken);
        if (connection is null)
            return new ValidateResult(set.Migrations.Count, set.Problems, null, []);
        var status = await StatusRun.ReadAsync(run, set, cancellationToken);
        return new ValidateResult(set.Migrations.Count, set.Problems, status, ValidationRules.Errors(status.Plan));
    }
}
