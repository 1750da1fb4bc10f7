using Wayli.Migrate.Execution;

namespace Wayli.Migrate.Runs;

/// <summary>What a <c>dev</c> command found and did.</summary>
/// <param name="Action">The action asked for.</param>
/// <param name="Folder">The folder that holds the database.</param>
/// <param name="Exists">True when the database exists (after the action).</param>
/// <param name="Created">True when this command created it.</param>
/// <param name="Running">True when its server runs (after the action).</param>
/// <param name="Started">True when this command started the server.</param>
/// <param name="Stopped">True when this command stopped the server.</param>
/// <param name="Database">The database, named safely (<c>postgres@127.0.0.1:port/postgres</c>); null when it does not exist.</param>
/// <param name="Port">Its loopback port; null when it does not exist.</param>
/// <param name="Supabase">True when it has the Supabase environment.</param>
/// <param name="Url">The connection URL with its password, for the <c>url</c> action only (null otherwise).</param>
/// <param name="Migrate">What applying the migrations did, when this command applied them (a new or reset database).</param>
/// <param name="Seed">The seed file that ran, or that failed; null when none did.</param>
/// <param name="SeedFailed">Why the seed failed (it was rolled back); null when it did not.</param>
/// <param name="Notes">What else the user should know (a port that changed, a missing migrations folder).</param>
public sealed record DevResult(
    DevAction Action,
    string Folder,
    bool Exists,
    bool Created,
    bool Running,
    bool Started,
    bool Stopped,
    string? Database,
    int? Port,
    bool Supabase,
    string? Url,
    MigrateResult? Migrate,
    string? Seed,
    MigrationError? SeedFailed,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the database ended as asked: its migrations (if applied) and its seed (if run) succeeded.</summary>
    public bool Succeeded => Migrate is not { Succeeded: false } && SeedFailed is null;
}
