namespace Wayli.Migrate.Sources;

/// <summary>
/// Where a run's migrations come from: a folder of files (<see cref="FolderSource"/>) or a bundle written by
/// <c>build</c> (<see cref="BundleSource"/>). Loading reads, checks and hashes every migration and reports every
/// problem at once; a migration's text is read again only when a caller asks for it
/// (<see cref="Migration.ReadContent"/>), so a run holds one migration's text at a time.
/// </summary>
public abstract class MigrationSource
{
    /// <summary>Where the migrations are, for messages.</summary>
    public abstract string Location { get; }

    /// <summary>
    /// The one place that decides between a folder and a bundle: the bundle when one is named, else the folder.
    /// </summary>
    /// <param name="directory">The migrations folder.</param>
    /// <param name="bundle">A bundle written by <c>build</c>, or null.</param>
    /// <param name="names">How messages name the options.</param>
    /// <param name="anyVersion">Accept versions that are not UTC timestamps (a folder's; a bundle was checked when built).</param>
    public static MigrationSource Choose(string directory, string? bundle, OptionNames names, bool anyVersion) =>
        bundle is null ? new FolderSource(directory, names, anyVersion) : new BundleSource(bundle);

    /// <summary>Finds, reads and checks the migrations.</summary>
    /// <param name="lexNow">True to lex every migration now (its SQL problems are then in the set); false to leave
    /// that to <see cref="Migration.Lex"/>, for the files a run will apply. A bundle is always lexed.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="Failures.MigrateException">The source cannot be read at all, or a bundle fails verification.</exception>
    public abstract Task<MigrationSet> LoadAsync(bool lexNow = true, CancellationToken cancellationToken = default);
}
