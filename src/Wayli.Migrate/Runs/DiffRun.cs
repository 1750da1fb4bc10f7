using System.Globalization;
using System.Text;
using Wayli.Migrate.Diffs;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>diff</c>: writes the migration that turns what the folder's migrations make into the database's schema. The
/// migrations are replayed on a scratch database; the differences with the database (as <c>drift</c> finds them) are
/// written as SQL (<see cref="ChangeWriter"/>) and applied there, round after round, until nothing differs. Then the
/// whole file is proved on a fresh replay: applied once it gives the database's schema, applied again it changes
/// nothing, and <c>lint</c> finds no error in it. Anything it cannot express, or a destructive change not allowed, and
/// nothing is written. The database is only read.
/// </summary>
internal static class DiffRun
{
    const int MostRounds = 8;

    public static async Task<DiffResult> RunAsync(RunContext run, DiffRequest request, Action<string>? onNote, CancellationToken cancellationToken)
    {
        if (run.Options.Bundle is not null)
            throw new MigrateException(FailureKind.Usage, "diff writes a migration into a folder, not a bundle: give the folder");
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var fingerprint = AppliedReplay.Fingerprint(run.Options);
        var (name, target, targetFacts, settings, fromFile) = await ReadTargetAsync(run, request, fingerprint, onNote, cancellationToken);
        await using var fileReplay = fromFile;
        await using var replay = await ScratchReplay.StartAsync(settings, cancellationToken);
        onNote?.Invoke($"replaying the folder's migrations in {replay.Description}, PostgreSQL {replay.ServerMajorVersion} (dropped afterwards)");
        var prepared = await replay.FingerprintAsync(fingerprint, cancellationToken);
        await ReplayAsync(run, replay, set, cancellationToken);
        var current = await replay.FingerprintAsync(fingerprint, cancellationToken);
        var scope = DriftScope.For(run.Options.Schemas, prepared.CompareTo(current), run.Table);
        var (steps, refusals) = await WriteRoundsAsync(run, replay, current, fingerprint, target, scope, targetFacts, request.AllowDestructive, cancellationToken);
        var notes = steps.Where(s => s.Review is not null).Select(s => $"review {s.Kind} {s.Identity}: {s.Review}").ToList();
        string? sql = null;
        var files = new List<string>();
        if (refusals.Count == 0 && steps.Count > 0)
        {
            var texts = Files(steps).Select(f => (f.Suffix, Text: Render(f.Steps, name))).ToList();
            refusals.AddRange(await ProveAsync(run, settings, set, [.. texts.Select(t => t.Text)], target, scope, fingerprint, notes, cancellationToken));
            if (refusals.Count == 0)
            {
                sql = string.Join("\n", texts.Select(t => t.Text));
                if (request.WriteFile)
                {
                    foreach (var (suffix, text) in texts)
                        files.Add(await NewMigration.WriteAsync(run.Options.Directory, request.Name + suffix, DateTimeOffset.UtcNow, text, cancellationToken));
                }
            }
        }
        var cleanup = (await replay.EndAsync()).Concat(fromFile is null ? [] : await fromFile.EndAsync());
        return new DiffResult(name, replay.Description, scope.Schemas, steps, refusals, sql, files,
            [.. notes, .. cleanup.Select(n => n.Message)]);
    }

    /// <summary>
    /// The schema to reproduce: a database (only read), or a schema file applied to a scratch database of its own; with
    /// where the folder's migrations are replayed to compare with it (the database's roles and major version).
    /// </summary>
    static async Task<(string Name, SchemaFingerprint Fingerprint, CatalogFacts Facts, ReplaySettings Settings, ScratchReplay? FromFile)> ReadTargetAsync(
        RunContext run, DiffRequest request, FingerprintOptions fingerprint, Action<string>? onNote, CancellationToken cancellationToken)
    {
        if (request.ToFile is { } path)
        {
            string sql;
            try
            {
                sql = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MigrateException(FailureKind.Usage, $"cannot read the schema file {path}: {e.Message}");
            }
            var fileSettings = await run.ReplaySettingsAsync(cancellationToken);
            var fromFile = await ScratchReplay.StartAsync(fileSettings, cancellationToken);
            try
            {
                onNote?.Invoke($"applying {path} in {fromFile.Description} (dropped afterwards)");
                try
                {
                    await fromFile.RunAsync(sql, cancellationToken);
                }
                catch (Npgsql.PostgresException e)
                {
                    throw new MigrateException(FailureKind.Validation, $"{path} fails on a scratch database: {e.SqlState}: {e.MessageText}");
                }
                var facts = await CatalogFacts.ReadAsync(fromFile.Connection, cancellationToken);
                return (Path.GetFileName(path), await fromFile.FingerprintAsync(fingerprint, cancellationToken), facts,
                    fileSettings with { ServerMajorVersion = fromFile.ServerMajorVersion }, fromFile);
            }
            catch
            {
                await fromFile.DisposeAsync();
                throw;
            }
        }
        var source = request.ToUrl is { } url ? run.ForDatabase(url) : run;
        _ = source.Connection;
        var target = await TargetReader.ReadAsync(source, fingerprint, statistics: false, cancellationToken);
        CatalogFacts targetFacts;
        await using (var connection = await source.ConnectAsync(waitForDatabase: true, cancellationToken))
            targetFacts = await CatalogFacts.ReadAsync(connection, cancellationToken);
        return (source.Connection.Display, target.Fingerprint, targetFacts,
            await run.ReplaySettingsAsync(target.Roles, target.ServerMajorVersion, cancellationToken), null);
    }

    static Task ReplayAsync(RunContext run, ScratchReplay replay, MigrationSet set, CancellationToken cancellationToken) =>
        AppliedReplay.RebuildAsync(replay, set.Migrations.Concat(set.Repeatables), "the migrations", run.Names, cancellationToken);

    /// <summary>Writes and applies SQL round after round until the replay is the database, or a round can write nothing more.</summary>
    static async Task<(List<DiffStep> Steps, List<DiffRefusal> Refusals)> WriteRoundsAsync(RunContext run, ScratchReplay replay, SchemaFingerprint current,
        FingerprintOptions fingerprint, SchemaFingerprint target, DriftScope scope, CatalogFacts targetFacts, bool allowDestructive, CancellationToken cancellationToken)
    {
        var steps = new List<DiffStep>();
        var refusals = new List<DiffRefusal>();
        var refused = new HashSet<(string, string)>();
        for (var round = 1; ; round++)
        {
            var differences = DriftComparison.Compare(current, target, scope).Where(d => !refused.Contains((d.Kind, d.Identity))).ToList();
            if (differences.Count == 0)
                return (steps, refusals);
            var (written, cannot) = ChangeWriter.Write(differences, await CatalogFacts.ReadAsync(replay.Connection, cancellationToken), targetFacts, allowDestructive);
            refusals.AddRange(cannot);
            refused.UnionWith(cannot.Select(r => (r.Kind, r.Identity)));
            if (written.Count == 0 || round == MostRounds)
            {
                refusals.AddRange(Leftovers(differences.Where(d => !refused.Contains((d.Kind, d.Identity))), differences, refused));
                return (steps, refusals);
            }
            foreach (var (_, part) in Files(written))
            {
                using var file = new ScratchFile();
                var text = Render(part, null);
                var migration = await file.LoadAsync($"{Version(round)}_diff_round.sql", text, run, cancellationToken);
                if (await replay.ApplyAsync(migration, migration.ReadContent(), cancellationToken) is { } error)
                {
                    var failed = error.Line is { } line ? part.FirstOrDefault(s => Contains(text, s, line)) : null;
                    refusals.Add(new DiffRefusal(failed?.Kind ?? "migration", failed?.Identity ?? migration.FileName,
                        $"the SQL written for it fails on the scratch database: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}"));
                    return (steps, refusals);
                }
            }
            steps.AddRange(written);
            current = await replay.FingerprintAsync(fingerprint, cancellationToken);
        }
    }

    /// <summary>
    /// What no round could write: an object of a table one of whose changes was refused most likely differs because of
    /// it (a table's column list, a publication's), and is said so; the rest diff cannot express yet.
    /// </summary>
    static IEnumerable<DiffRefusal> Leftovers(IEnumerable<DriftDifference> left, IReadOnlyList<DriftDifference> all, HashSet<(string, string)> refused)
    {
        var refusedGroups = all.Where(d => refused.Contains((d.Kind, d.Identity))).GroupBy(d => d.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var difference in left)
        {
            yield return refusedGroups.TryGetValue(difference.Group, out var cause)
                ? new DiffRefusal(difference.Kind, difference.Identity, $"follows from the change of {cause.Kind} {cause.Identity}, which was not written")
                : new DiffRefusal(difference.Kind, difference.Identity, $"diff cannot express how this {difference.Kind} differs yet");
        }
    }

    /// <summary>
    /// The proof, on a fresh replay: the folder's migrations, then the file, give the database's schema; the file again
    /// changes nothing; lint finds no error in it. Returns what failed, as refusals.
    /// </summary>
    static async Task<List<DiffRefusal>> ProveAsync(RunContext run, ReplaySettings settings, MigrationSet set, IReadOnlyList<string> texts,
        SchemaFingerprint target, DriftScope scope, FingerprintOptions fingerprint, List<string> notes, CancellationToken cancellationToken)
    {
        var files = texts.Select(_ => new ScratchFile()).ToList();
        try
        {
            var migrations = new List<Migration>();
            for (var i = 0; i < texts.Count; i++)
                migrations.Add(await files[i].LoadAsync($"{Version(MostRounds + 1 + i)}_diff.sql", texts[i], run, cancellationToken));
            return await ProveAsync(run, settings, set, migrations, target, scope, fingerprint, notes, cancellationToken);
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    static async Task<List<DiffRefusal>> ProveAsync(RunContext run, ReplaySettings settings, MigrationSet set, List<Migration> migrations, SchemaFingerprint target,
        DriftScope scope, FingerprintOptions fingerprint, List<string> notes, CancellationToken cancellationToken)
    {
        var refusals = new List<DiffRefusal>();
        var paths = migrations.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in Linter.Lint(set with { Migrations = [.. set.Migrations, .. migrations] }).Where(f => paths.Contains(f.File) && f.Severity == LintSeverity.Error))
            refusals.Add(new DiffRefusal("lint", finding.RuleId, $"line {finding.Line}: {finding.Message}"));
        await using var replay = await ScratchReplay.StartAsync(settings, cancellationToken);
        await ReplayAsync(run, replay, set, cancellationToken);
        foreach (var migration in migrations)
        {
            if (await replay.ApplyAsync(migration, migration.ReadContent(), cancellationToken) is { } first)
                return [.. refusals, new DiffRefusal("migration", "diff", $"fails after the folder's migrations on a fresh replay, at line {first.Line}: {first.Message}")];
        }
        var once = await replay.FingerprintAsync(fingerprint, cancellationToken);
        refusals.AddRange(DriftComparison.Compare(once, target, scope)
            .Select(d => new DiffRefusal(d.Kind, d.Identity, "still differs after the written migration on a fresh replay")));
        foreach (var migration in migrations)
        {
            if (await replay.ApplyAsync(migration, migration.ReadContent(), cancellationToken) is { } second)
                return [.. refusals, new DiffRefusal("migration", "diff", $"fails when applied a second time, at line {second.Line}: {second.Message}")];
        }
        var twice = once.CompareTo(await replay.FingerprintAsync(fingerprint, cancellationToken));
        refusals.AddRange(twice.Lines().Select(line => new DiffRefusal("migration", "diff", $"applying it a second time changes {line}")));
        if (refusals.Count == 0)
        {
            notes.Add($"proved in {replay.Description}: after the folder's migrations it gives the database's schema ({once.Objects.Count} objects compared), "
                + "and applying it again changes nothing");
        }
        notes.AddRange((await replay.EndAsync()).Select(n => n.Message));
        return refusals;
    }

    /// <summary>
    /// The migrations to write: one, or two when enum labels are added beside other changes, the labels first (no
    /// statement may use a label before the transaction that added it commits).
    /// </summary>
    static List<(string Suffix, List<DiffStep> Steps)> Files(IReadOnlyList<DiffStep> steps)
    {
        var labels = steps.Where(s => s.Phase == ChangeWriter.EnumValues).ToList();
        var rest = steps.Where(s => s.Phase != ChangeWriter.EnumValues).ToList();
        return labels.Count == 0 || rest.Count == 0 ? [("", [.. steps])] : [("_enum_labels", labels), ("", rest)];
    }

    static string Render(IReadOnlyList<DiffStep> steps, string? database)
    {
        var text = new StringBuilder();
        if (database is not null)
        {
            text.Append("-- Written by wayli-migrate diff: what the migrations before this one make, turned into the schema of ").Append(database)
                .Append(".\n-- Proved on a scratch database: after them it gives that schema, and applying it again changes nothing.\n");
        }
        foreach (var step in steps)
            text.Append("\n-- ").Append(step.Action).Append(' ').Append(step.Kind).Append(' ').Append(step.Identity).Append('\n').Append(step.Sql).Append('\n');
        return text.ToString();
    }

    /// <summary>True when line <paramref name="line"/> of <paramref name="text"/> falls in <paramref name="step"/>'s SQL.</summary>
    static bool Contains(string text, DiffStep step, int line)
    {
        var at = text.IndexOf("\n" + step.Sql, StringComparison.Ordinal);
        if (at < 0)
            return false;
        var first = text[..(at + 1)].Count(c => c == '\n') + 1;
        return line >= first && line < first + step.Sql.Count(c => c == '\n') + 1;
    }

    static string Version(int round) => (20000101000000L + round).ToString(CultureInfo.InvariantCulture);
}
