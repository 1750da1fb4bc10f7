namespace Wayli.Migrate.Tests.Support;

/// <summary>Folders of the repository the tests read from.</summary>
public static class Paths
{
    /// <summary>The repository's root (the folder holding Wayli.Migrate.slnx).</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>The example migration set the demo applies.</summary>
    public static string ExampleMigrations => Path.Combine(Repository, "examples", "supabase", "migrations");

    /// <summary>The shared real-world sets, from WAYLI_CORPORA, or null when it is not set.</summary>
    public static string? Corpora =>
        Environment.GetEnvironmentVariable("WAYLI_CORPORA") is { Length: > 0 } path ? Path.GetFullPath(path, Repository) : null;

    static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Wayli.Migrate.slnx")))
                return folder.FullName;
        }
        throw new InvalidOperationException("the repository root (Wayli.Migrate.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
