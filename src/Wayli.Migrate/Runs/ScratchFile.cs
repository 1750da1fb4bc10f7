using System.Text;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Runs;

/// <summary>
/// A migration the tool wrote itself (a squashed file, a diff), loaded from a temporary folder exactly as a file of the
/// project would be, so the proofs apply it with the same applier and the same checks (its text is read again from
/// there when it is applied). One file per instance; the folder is removed on dispose.
/// </summary>
internal sealed class ScratchFile : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("wayli-migrate-").FullName;

    /// <summary>Writes <paramref name="text"/> as <paramref name="fileName"/> and loads it, lexed; refuses it if it has a problem.</summary>
    public async Task<Migration> LoadAsync(string fileName, string text, RunContext run, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_folder, fileName);
        await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), cancellationToken);
        var set = await new FolderSource(_folder, run.Names, run.Options.AllowAnyVersion).LoadAsync(lexNow: true, cancellationToken);
        RunContext.RefuseProblems(set);
        return set.Migrations.Single(m => m.FileName == fileName);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
