using Wayli.Migrate.Linting;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Linting;

/// <summary>A throwaway migrations folder, removed when disposed, and the linter run over it.</summary>
internal sealed class LintFolder : IDisposable
{
    int _next;

    public LintFolder() => Directory.CreateDirectory(Path);

    /// <summary>The folder's full path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wayli-lint-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes the next migration file (versions 20250101000000, 20250101000001, …) and returns its path.</summary>
    public string Add(string sql, string description = "step")
    {
        var name = $"2025010100{_next++:D4}_{description}.sql";
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, sql);
        return path;
    }

    /// <summary>Writes a file with exactly this name.</summary>
    public string AddNamed(string fileName, string sql)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, sql);
        return path;
    }

    /// <summary>Loads the folder and lints it.</summary>
    public async Task<IReadOnlyList<LintFinding>> LintAsync(LintOptions? options = null)
    {
        var set = await new FolderSource(Path, OptionNames.Library, anyVersion: true).LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        return Linter.Lint(set, options);
    }

    /// <summary>Lints one file holding <paramref name="sql"/>.</summary>
    public static async Task<IReadOnlyList<LintFinding>> LintAsync(string sql, LintOptions? options = null)
    {
        using var folder = new LintFolder();
        folder.Add(sql);
        return await folder.LintAsync(options);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
