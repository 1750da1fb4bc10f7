using System.Text;
using Npgsql;
using Wayli.Migrate.Conversion;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// <c>adopt --from TOOL --source-dir OLD</c>: converts the other tool's project into the migrations folder and, with a
/// database, records as applied what that tool applied, matched through the version mapping, with the new files'
/// checksums. Everything is checked first (the project, files already in the folder, the other tool's table, such as
/// golang-migrate's dirty flag); nothing is written when anything is wrong, nor without <c>apply</c>.
/// </summary>
internal static class ConversionRun
{
    public static async Task<ConversionResult> RunAsync(RunContext run, string tool, string sourceDirectory, string foreignSchema, string? foreignTable,
        bool apply, CancellationToken cancellationToken)
    {
        var project = ProjectConverter.Convert(tool, sourceDirectory);
        var directory = run.Options.Directory;
        var problems = project.Problems.ToList();
        var unchanged = CompareWithFolder(project, directory, problems);
        var (migrations, repeatables) = Parse(project, directory, problems);
        var notes = project.Notes.ToList();
        ConversionResult Result(bool written, MaintenanceResult? history) =>
            new(tool, sourceDirectory, directory, written, project.Files, unchanged, problems, notes, history);
        if (problems.Count > 0)
            return Result(false, null);
        if (run.OptionalConnection is null)
        {
            notes.Add($"no database given ({run.Names[OptionNames.DatabaseUrl]}): only the files are converted; adopt the history later with adopt --from {tool}");
            if (apply)
                await WriteAsync(project, directory, unchanged, cancellationToken);
            return Result(apply, null);
        }
        // The history is checked before any file is written: a dirty golang-migrate database refuses the whole adoption.
        var preview = await PreviewAsync(run, project, foreignSchema, foreignTable, migrations, repeatables, cancellationToken);
        if (!apply || preview.Refused)
            return Result(false, preview);
        await WriteAsync(project, directory, unchanged, cancellationToken);
        var history = await MaintenanceRun.RunAsync(run,
            (set, rows, connection, token) => DecideAsync(project, foreignSchema, foreignTable, set.Migrations, set.Repeatables, rows, connection, token),
            apply: true, $"adopt from {tool}", cancellationToken);
        return Result(true, history);
    }

    /// <summary>What would be recorded, read without the lock and without writing anything.</summary>
    static async Task<MaintenanceResult> PreviewAsync(RunContext run, ConvertedProject project, string foreignSchema, string? foreignTable,
        IReadOnlyList<Migration> migrations, IReadOnlyList<Migration> repeatables, CancellationToken cancellationToken)
    {
        await using var connection = await run.ConnectAsync(waitForDatabase: true, cancellationToken);
        var shape = await run.History.InspectAsync(connection, cancellationToken);
        run.RefuseIncompatible(shape);
        var rows = shape == HistoryShape.Missing ? [] : await run.History.ReadAsync(connection, shape, cancellationToken);
        var plan = await DecideAsync(project, foreignSchema, foreignTable, migrations, repeatables, rows, connection, cancellationToken);
        return new MaintenanceResult(false, plan.Changes, plan.Refusals, plan.Notes);
    }

    /// <summary>The other tool's applied versions, mapped to the new files; for Flyway, its repeatables applied as they are now.</summary>
    static async Task<MaintenancePlan> DecideAsync(ConvertedProject project, string foreignSchema, string? foreignTable, IReadOnlyList<Migration> migrations,
        IReadOnlyList<Migration> repeatables, IReadOnlyList<AppliedMigration> rows, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var foreign = await ForeignHistory.ReadAsync(connection, project.Tool, foreignSchema, cancellationToken, foreignTable);
        var mapped = foreign
            .Select(f => project.VersionOf(f.VersionText) is { } version ? f with { VersionText = version, Name = f.Name.Length > 0 ? f.Name : $"version {f.VersionText}" } : f)
            .ToList();
        var plan = MaintenancePlanner.Adopt(migrations, rows, mapped, project.Tool);
        if (project.Tool != "flyway" || repeatables.Count == 0)
            return plan;
        var applied = await ForeignHistory.ReadFlywayRepeatablesAsync(connection, foreignSchema, cancellationToken, foreignTable);
        var asTheyAre = project.Files
            .Where(f => f.Version is null && f.File.StartsWith(MigrationFileName.RepeatableFolder + "/", StringComparison.Ordinal))
            .Where(f => applied.TryGetValue(f.From[0], out var checksum) && checksum == FlywayChecksum.Of(project.SourceText(f)))
            .Select(f => f.File)
            .ToHashSet(StringComparer.Ordinal);
        var repeatablePlan = MaintenancePlanner.AdoptRepeatables(repeatables, rows, asTheyAre, project.Tool);
        return new MaintenancePlan([.. plan.Changes, .. repeatablePlan.Changes], plan.Refusals, [.. plan.Notes, .. repeatablePlan.Notes]);
    }

    /// <summary>Files already in the folder: the same text is left alone, other text refuses the conversion.</summary>
    static List<string> CompareWithFolder(ConvertedProject project, string directory, List<SourceProblem> problems)
    {
        var unchanged = new List<string>();
        foreach (var file in project.Files)
        {
            var path = Path.Combine(directory, file.File);
            if (!File.Exists(path))
                continue;
            if (File.ReadAllText(path) == file.Text)
                unchanged.Add(file.File);
            else
                problems.Add(new SourceProblem(path, null, null, $"already exists with other text than the conversion of {string.Join(", ", file.From)}; nothing was written"));
        }
        return unchanged;
    }

    /// <summary>The converted files as migrations (checked and lexed as a folder's files are), to plan the history with.</summary>
    static (List<Migration> Migrations, List<Migration> Repeatables) Parse(ConvertedProject project, string directory, List<SourceProblem> problems)
    {
        var (migrations, repeatables) = (new List<Migration>(), new List<Migration>());
        foreach (var file in project.Files)
        {
            var bytes = Encoding.UTF8.GetBytes(file.Text);
            var bare = Path.GetFileName(file.File);
            string? problem;
            var name = file.Version is not null ? MigrationFileName.TryParse(bare, out problem)
                : file.File.StartsWith(MigrationFileName.RepeatableFolder + "/", StringComparison.Ordinal) ? MigrationFileName.TryParseRepeatable(bare, out problem)
                : MigrationFileName.TryParseCallback(bare, out problem);
            var path = Path.Combine(directory, file.File);
            if (name is null)
            {
                problems.Add(new SourceProblem(path, null, null, $"cannot be written under this name ({problem}); rename {file.From[0]}"));
                continue;
            }
            var migration = MigrationParser.Parse(name, file.Version is null ? name.VersionText : bare, path, bytes, problems, () => bytes, lexNow: true);
            if (migration is null)
                continue;
            (migration.Kind == MigrationKind.Repeatable ? repeatables : migration.Kind == MigrationKind.Versioned ? migrations : []).Add(migration);
        }
        return (migrations, repeatables);
    }

    static async Task WriteAsync(ConvertedProject project, string directory, IReadOnlyList<string> unchanged, CancellationToken cancellationToken)
    {
        foreach (var file in project.Files.Where(f => !unchanged.Contains(f.File)))
        {
            var path = Path.Combine(directory, file.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        }
    }
}
