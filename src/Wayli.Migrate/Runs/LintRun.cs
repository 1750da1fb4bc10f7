using Wayli.Migrate.Failures;
using Wayli.Migrate.Git;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Linting.Baselines;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>lint</c>: lints every file of the folder (a rule may need what earlier files created), then reports the findings
/// of the files in scope (all of them; those changed since a git commit; those not yet applied to the database) less
/// those a baseline accepts; or records every finding it can accept in a new baseline.
/// </summary>
internal static class LintRun
{
    public static async Task<LintResult> RunAsync(RunContext run, LintOptions lint, CancellationToken cancellationToken)
    {
        var (options, names) = (run.Options, run.Names);
        LintRules.Resolve(lint.DisabledRules);
        RefuseContradictions(options, names);
        // A baseline is read before git or the database is asked anything, so a mistake in it is the first thing told.
        // Writing one does not read it: a damaged baseline is rewritten, not refused.
        var baseline = options.LintBaseline is { } path && options.LintBaselineToWrite is null
            ? await LintBaseline.ReadAsync(path, names, cancellationToken)
            : null;
        var set = await new FolderSource(options.Directory, names, options.AllowAnyVersion).LoadAsync(lexNow: true, cancellationToken);
        var scope = await ScopeAsync(run, set, cancellationToken);
        var findings = Linter.Lint(set, lint).Where(f => scope.Includes(Path.GetFileName(f.File))).ToList();
        var files = FileNames(set).Count(scope.Includes);
        if (options.LintBaselineToWrite is { } output)
            return await WriteBaselineAsync(output, files, findings, cancellationToken);
        if (baseline is null)
            return new LintResult(files, findings) { Scope = scope.Description };
        var match = baseline.Match(findings, scope.Includes);
        return new LintResult(files, match.Findings)
        {
            Scope = scope.Description,
            Baseline = baseline.Path,
            Accepted = match.Accepted,
            Stale = match.Stale,
        };
    }

    static void RefuseContradictions(MigrationOptions options, OptionNames names)
    {
        if (options.LintBaselineToWrite is not null && (options.LintSince is not null || options.LintPendingOnly))
        {
            throw new MigrateException(FailureKind.Usage,
                $"{names[OptionNames.LintBaselineToWrite]} records the findings of every file, so it cannot be combined with "
                + $"{names[OptionNames.LintSince]} or {names[OptionNames.LintPendingOnly]}");
        }
        if (options.LintPendingOnly && string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            throw new MigrateException(FailureKind.Usage,
                $"{names[OptionNames.LintPendingOnly]} lints the files not yet applied to a database: give {names[OptionNames.DatabaseUrl]}");
        }
    }

    /// <summary>The files to report on: those changed since a commit, those not yet applied, both, or all.</summary>
    static async Task<LintScope> ScopeAsync(RunContext run, MigrationSet set, CancellationToken cancellationToken)
    {
        var (options, names) = (run.Options, run.Names);
        var scope = LintScope.All;
        if (options.LintSince is { } since)
        {
            var changed = await GitChanges.FilesChangedSinceAsync(options.Directory, since, names[OptionNames.LintSince], cancellationToken);
            scope = scope.And(new LintScope($"changed since {since}", changed));
        }
        if (options.LintPendingOnly)
        {
            // The runner's own status: the same history reading and the same notion of applied as migrate's.
            var status = await StatusRun.ReadAsync(run, set, cancellationToken);
            scope = scope.And(new LintScope($"not yet applied to {status.Database}", NotApplied(status.Plan, set)));
        }
        return scope;
    }

    /// <summary>The files migrate would still apply, and those that cannot be migrations at all (their names are wrong).</summary>
    static HashSet<string> NotApplied(MigrationPlan plan, MigrationSet set)
    {
        var pending = plan.Entries
            .Where(e => e.Migration is not null && e.State is MigrationState.Pending or MigrationState.OutOfOrder or MigrationState.Failed)
            .Select(e => e.Migration!.FileName)
            .ToHashSet(StringComparer.Ordinal);
        var migrations = set.Migrations.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        pending.UnionWith(set.Problems.Where(p => !migrations.Contains(p.File)).Select(p => Path.GetFileName(p.File)));
        return pending;
    }

    static IEnumerable<string> FileNames(MigrationSet set) =>
        set.AllFiles.Select(m => m.FileName).Concat(set.Problems.Select(p => Path.GetFileName(p.File))).Distinct(StringComparer.Ordinal);

    static async Task<LintResult> WriteBaselineAsync(string path, int files, List<LintFinding> findings, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
                Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(path, LintBaseline.Write(findings), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"the lint baseline {path} cannot be written: {e.Message}", e);
        }
        // What a baseline cannot hold (a file or lint:ignore problem) is still reported, and still fails.
        var left = findings.Where(f => !LintBaseline.CanAccept(f)).ToList();
        return new LintResult(files, left) { Baseline = path, BaselineWritten = true, Accepted = findings.Count - left.Count };
    }
}
