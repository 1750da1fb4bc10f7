using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Sources;

/// <summary>
/// The migrations of a bundle written by <c>build</c> (see <see cref="MigrationBundle"/>), verified before anything
/// else happens. Its migrations are always lexed, and their text stays with the bundle's bytes.
/// </summary>
/// <param name="path">The bundle file.</param>
public sealed class BundleSource(string path) : MigrationSource
{
    /// <summary>The bundle file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public override string Location => Path;

    /// <inheritdoc />
    /// <exception cref="MigrateException">The file cannot be read (<see cref="FailureKind.Usage"/>) or fails verification
    /// (<see cref="FailureKind.Validation"/>).</exception>
    public override async Task<MigrationSet> LoadAsync(bool lexNow = true, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(Path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"the bundle '{Path}' cannot be read: {e.Message}", e);
        }
        return MigrationBundle.Parse(Path, bytes);
    }
}
