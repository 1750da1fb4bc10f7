using System.Text;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>squash --to VERSION</c>: one file in place of every migration up to VERSION, proved before anything on disk
/// changes: the originals, applied one by one, and the squashed file, applied alone, each on a scratch database, give
/// the same fingerprint, rows included (seed data, storage buckets, cron jobs). The squashed file names the versions it
/// replaces (<c>-- migrate:squashes</c>), so a database that applied them applies nothing twice.
/// </summary>
internal static class SquashRun
{
    public static async Task<SquashResult> RunAsync(RunContext run, MigrationVersion upTo, bool apply, bool delete, CancellationToken cancellationToken)
    {
        if (run.Options.Bundle is not null)
            throw new MigrateException(FailureKind.Usage, "squash rewrites a migrations folder, not a bundle: give the folder");
        var set = await run.LoadValidAsync(lexNow: true, cancellationToken);
        var replaced = Choose(set, upTo);
        var version = replaced[^1].Name.VersionText;
        var target = Path.Combine(run.Options.Directory, $"{version}_squashed.sql");
        var text = Compose(replaced);
        using var scratchFile = new ScratchFile();
        var squashed = await scratchFile.LoadAsync(Path.GetFileName(target), text, run, cancellationToken);
        if (squashed.Transaction.Mode != TransactionMode.Transactional)
            throw new MigrateException(FailureKind.Validation, $"the squashed file would run outside a transaction ({squashed.Transaction.Reason}): squash up to an earlier version");
        var (objects, tables, notes) = await ProveAsync(run, replaced, squashed, cancellationToken);
        if (replaced.Any(m => m.Down is not null))
            notes.Insert(0, "the squashed file has no down part: down cannot revert past it (the originals' down parts stay with them)");
        string? movedTo = null;
        if (apply)
            movedTo = Replace(run.Options.Directory, replaced, target, text, delete);
        return new SquashResult(version, target, [.. replaced.Select(m => m.FileName)], objects, tables, movedTo, apply, notes);
    }

    /// <summary>The versioned migrations up to <paramref name="upTo"/>, which must be one of them; at least two.</summary>
    static List<Migration> Choose(MigrationSet set, MigrationVersion upTo)
    {
        if (!set.Migrations.Any(m => m.Version == upTo))
            throw new MigrateException(FailureKind.Usage, $"no migration in {set.Location} has version {upTo}: squash --to names the last file to replace");
        var replaced = set.Migrations.Where(m => m.Version <= upTo).ToList();
        if (replaced.Count < 2)
            throw new MigrateException(FailureKind.Usage, $"{replaced[0].FileName} is the first migration: there is nothing to squash it with");
        if (replaced.FirstOrDefault(m => m.Transaction.Mode != TransactionMode.Transactional) is { } outside)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{outside.FileName} runs outside a transaction ({outside.Transaction.Reason}), so the squashed file would too and lose its all-or-nothing: "
                + "squash up to a version before it");
        }
        return replaced;
    }

    /// <summary>
    /// The squashed file: the directive, then each original's up part as it is written, under a comment naming it,
    /// without its own directives, each ending in a semicolon so no two statements can run together.
    /// </summary>
    internal static string Compose(IReadOnlyList<Migration> replaced)
    {
        var versions = replaced.SelectMany(m => m.Squashes.Count > 0 ? m.Squashes.Select(v => v.Value) : [m.Name.VersionText]).Distinct();
        var text = new StringBuilder()
            .Append(MigrationDirectives.SquashesDirective).Append(' ').AppendJoin(' ', versions).Append('\n')
            .Append("-- Written by wayli-migrate squash: the ").Append(replaced.Count).Append(" migrations above in one file, proved to give the same schema and rows.\n");
        foreach (var migration in replaced)
        {
            var content = migration.ReadContent();
            var up = string.Concat(content.Parts.Up.Select(s => s.Text));
            var lines = up.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
                .Where(line => !MigrationDirectives.IsDirective(line.Trim()));
            text.Append("\n-- ").Append(migration.FileName).Append('\n').AppendJoin('\n', lines).Append('\n');
            if (content.Parts.Up.LastOrDefault(s => !s.IsEmpty) is { } last && !last.Text.TrimEnd().EndsWith(';'))
                text.Append(";\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Applies the originals on two scratch databases and the squashed file on a third, and compares everything,
    /// rows included. The second run of the originals is the control: a table whose rows differ between the two (a
    /// time, a random id) cannot be compared value by value, so its rows are compared by count; anything else must be equal.
    /// </summary>
    static async Task<(int Objects, int Tables, List<string> Notes)> ProveAsync(RunContext run, IReadOnlyList<Migration> replaced, Migration squashed,
        CancellationToken cancellationToken)
    {
        var settings = await run.ReplaySettingsAsync(cancellationToken);
        await using var originals = await ScratchReplay.StartAsync(settings, cancellationToken);
        await using var control = await ScratchReplay.StartAsync(settings, cancellationToken);
        await using var together = await ScratchReplay.StartAsync(settings, cancellationToken);
        // One after the other: the migrations' server-wide statements (CREATE ROLE…) may meet on one scratch server.
        const string OriginalFails = "cannot prove the squash: {0} fails on the scratch database: {1}";
        var expected = await ApplyAsync(originals, replaced, run.Fingerprint, OriginalFails, cancellationToken);
        var again = await ApplyAsync(control, replaced, run.Fingerprint, OriginalFails, cancellationToken);
        var actual = await ApplyAsync(together, [squashed], run.Fingerprint, "the squashed file fails where its originals did not ({0}: {1}), so nothing was changed",
            cancellationToken);
        var volatileRows = expected.CompareTo(again).Changed.Where(c => c.Before.Kind == TableRows.Kind).Select(c => c.Before.Identity).ToHashSet(StringComparer.Ordinal);
        var difference = expected.CompareTo(actual);
        var unexplained = new SchemaDifference(difference.Added, difference.Removed,
            [.. difference.Changed.Where(c => !(volatileRows.Contains(c.Before.Identity) && c.Before.Kind == TableRows.Kind && RowCount(c.Before) == RowCount(c.After)))]);
        if (!unexplained.IsEmpty)
        {
            throw new MigrateException(FailureKind.Validation,
                $"the squashed file does not give what its originals give, so nothing was changed (a file's SET that the next file relied on being reset?):\n{unexplained.Describe()}");
        }
        var notes = new List<string> { $"proved in {originals.Description}: the originals one by one and the squashed file alone give the same schema and rows" };
        if (volatileRows.Count > 0)
        {
            notes.Add($"{volatileRows.Count} table(s) get values that differ on every run of the originals themselves (times, random ids), so their rows were "
                + $"compared by count: {string.Join(", ", volatileRows.Order(StringComparer.Ordinal).Take(10))}{(volatileRows.Count > 10 ? ", …" : "")}");
        }
        notes.AddRange((await originals.EndAsync()).Concat(await control.EndAsync()).Concat(await together.EndAsync()).Select(n => n.Message));
        return (expected.Objects.Count, expected.Objects.Count(o => o.Kind == TableRows.Kind), notes);
    }

    static async Task<SchemaFingerprint> ApplyAsync(ScratchReplay replay, IReadOnlyList<Migration> migrations, FingerprintOptions options, string failure,
        CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
        {
            if (await replay.ApplyAsync(migration, migration.ReadContent(), cancellationToken) is { } error)
                throw new MigrateException(FailureKind.Validation, string.Format(System.Globalization.CultureInfo.InvariantCulture, failure, error.Location, error.Message));
        }
        return await replay.FingerprintAsync(options, cancellationToken);
    }

    /// <summary>The row count a <c>rows</c> object's definition starts with ("3 rows, md5 …").</summary>
    static string RowCount(SchemaObject rows) => rows.Definition.Split(',')[0];

    /// <summary>
    /// Writes the squashed file and moves the originals aside (or deletes them), in an order that never loses one: the
    /// new file first under a temporary name, then the originals moved, then the new file renamed into place.
    /// </summary>
    static string? Replace(string directory, IReadOnlyList<Migration> replaced, string target, string text, bool delete)
    {
        var aside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory))!, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)))}-squashed-{replaced[^1].Name.VersionText}");
        if (!delete && Directory.Exists(aside))
            throw new MigrateException(FailureKind.Usage, $"{aside} exists already: move it away first (it holds an earlier squash's originals?)");
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        if (!delete)
            Directory.CreateDirectory(aside);
        foreach (var migration in replaced)
        {
            if (delete)
                File.Delete(migration.Path);
            else
                File.Move(migration.Path, Path.Combine(aside, migration.FileName));
        }
        File.Move(temporary, target, overwrite: false);
        return delete ? null : aside;
    }
}
