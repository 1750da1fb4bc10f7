namespace Wayli.Migrate.Planning;

/// <summary>
/// Which states of a plan stand between the files and a clean <c>migrate</c>: the one place <c>validate</c> and
/// <c>test</c> learn what is an error. Blocking findings (drift, out of order), files missing for applied versions,
/// and failed migrations are errors; pending migrations are not.
/// </summary>
public static class ValidationRules
{
    /// <summary>Every error in the plan, in version order.</summary>
    public static IReadOnlyList<PlanError> Errors(MigrationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<PlanError>();
        foreach (var entry in plan.Entries)
        {
            var finding = plan.Findings.FirstOrDefault(f => f.VersionText == entry.VersionText);
            if (entry.State == MigrationState.Failed)
                errors.Add(new PlanError(entry.VersionText, entry.State, $"{entry.Migration!.FileName} failed when last applied: {entry.Applied!.ErrorMessage}"));
            else if (finding is not null && (finding.Blocking || (entry.State == MigrationState.Missing && !entry.Repeatable)))
                errors.Add(new PlanError(entry.VersionText, entry.State, finding.Message));
        }
        return errors;
    }
}
