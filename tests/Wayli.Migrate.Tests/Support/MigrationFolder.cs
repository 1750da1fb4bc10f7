using System.Text;

namespace Wayli.Migrate.Tests.Support;

/// <summary>A temporary migrations folder that a test fills with files; deleted on dispose.</summary>
public sealed class MigrationFolder : IDisposable
{
    /// <summary>Creates an empty folder.</summary>
    public MigrationFolder() => Path = Directory.CreateTempSubdirectory("wayli-migrate-test-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Writes a file as UTF-8 without BOM and returns its path.</summary>
    public string Write(string fileName, string text) => WriteBytes(fileName, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes raw bytes and returns the path (a name with folders, such as <c>supabase/seed.sql</c>, gets them).</summary>
    public string WriteBytes(string fileName, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Copies every file of another folder in.</summary>
    public MigrationFolder CopyFrom(string folder)
    {
        foreach (var file in Directory.GetFiles(folder))
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        return this;
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
