namespace Wayli.Migrate.Planning;

/// <summary>
/// Decides, without I/O, which applied migrations <c>down</c> reverts and whether it may: every migration in the range
/// must have its file, unchanged since it was applied, with a down part. Any refusal refuses the whole range, so
/// nothing is reverted half-way for a reason known in advance.
/// </summary>
public static class DownPlanner
{
    /// <summary>Chooses the migrations to revert, newest first.</summary>
    /// <param name="plan">Where every version stands.</param>
    /// <param name="request">How far back to go.</param>
    public static DownPlan Choose(MigrationPlan plan, DownRequest request)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        var applied = plan.Entries
            .Where(e => !e.Repeatable && e.Applied is { IsApplied: true, Version: not null })
            .OrderByDescending(e => e.Applied!.Version!.Value)
            .ToList();
        var (range, refusal, note) = Range(applied, plan, request);
        if (refusal is not null)
            return new DownPlan([], [refusal], []);
        var refusals = range.Select(Refusal).OfType<string>().ToList();
        return new DownPlan(refusals.Count == 0 ? range : [], refusals, note is null ? [] : [note]);
    }

    static (List<PlanEntry> Range, string? Refusal, string? Note) Range(List<PlanEntry> applied, MigrationPlan plan, DownRequest request)
    {
        if (request.Steps is { } steps)
        {
            if (applied.Count == 0)
                return ([], "nothing to revert: no migration is applied", null);
            if (steps > applied.Count)
                return ([], $"only {applied.Count} migration(s) are applied, fewer than the {steps} asked for; nothing was reverted", null);
            return ([.. applied.Take(steps)], null, null);
        }
        var to = request.To ?? throw new ArgumentException("a down request names steps or a version", nameof(request));
        if (to != default && !applied.Any(e => e.Applied!.Version == to))
        {
            var entry = plan.Entries.FirstOrDefault(e => !e.Repeatable && (e.Migration?.Version ?? e.Applied?.Version) == to);
            var state = entry is null ? "no file or history row has that version" : $"it is {entry.State.ToString().ToLowerInvariant()}";
            return ([], $"version {to} is not applied ({state}): name an applied version to go back to (it stays applied), or 0 to revert every migration", null);
        }
        var range = applied.Where(e => e.Applied!.Version!.Value > to).ToList();
        return range.Count == 0 && applied.Count == 0
            ? (range, null, "nothing to revert: no migration is applied")
            : range.Count == 0 ? (range, null, $"nothing to revert: {to} is the newest applied migration") : (range, null, null);
    }

    /// <summary>Why this applied migration cannot be reverted, or null when it can.</summary>
    static string? Refusal(PlanEntry entry)
    {
        if (entry.Migration is not { } file)
            return $"version {entry.VersionText} ({entry.Description}) is applied but no file has that version, so there is no down part to run";
        if (entry.State == MigrationState.Drifted)
        {
            return $"{file.Path} changed since it was applied (recorded checksum {entry.Applied!.Checksum}, file now {file.Checksum}): its down part "
                + "may not undo what was applied. Restore the file; or, when only its down part was added or changed, record the file as it is now "
                + "with repair --yes and run down again";
        }
        if (file.Down is not null)
            return null;
        if (file.DownLine is { } line)
            return $"{file.Path}: its -- migrate:down part (line {line}) is empty, so it cannot be reverted; write the SQL that undoes its up part after that line";
        var recorded = entry.Applied!.RecordedBy;
        return recorded is not null && (recorded.StartsWith("baseline", StringComparison.Ordinal) || recorded.StartsWith("adopt", StringComparison.Ordinal))
            ? $"{file.Path} has no -- migrate:down part, and it was recorded by {recorded} without running here: nothing says how to undo it"
            : $"{file.Path} has no -- migrate:down part, so it cannot be reverted (a down part added now changes its checksum: record it with repair --yes)";
    }
}
