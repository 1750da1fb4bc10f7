using Npgsql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// The first command of each transactional migration in a pipeline: a NOTICE naming the migration. In a pipeline the
/// server holds every result back until the pipeline's end (its Sync), so a run would hear of all its commits at once;
/// but a NOTICE is sent at once, and it takes everything before it along (PostgreSQL flushes its output for each
/// notice). So the previous migration's COMMIT reaches the client as this migration starts, and the progress lines
/// keep coming during a long pipeline.
/// </summary>
/// <remarks>
/// The notice is raised with <c>client_min_messages</c> at <c>notice</c> for that moment only (a database set to
/// <c>warning</c> would suppress it), then the setting is put back; the block writes nothing and takes no lock.
/// </remarks>
internal static class ProgressMarker
{
    /// <summary>How the marker's notice begins; the version follows. (Not <c>wayli-migrate: </c>, which is the
    /// infrastructure's notices' prefix.)</summary>
    const string NoticePrefix = "wayli-migrate starts ";

    /// <summary>
    /// True when the session may run the marker: PL/pgSQL is there (a database can drop it) and the user may use it (it
    /// can be revoked from PUBLIC). Without it a run still works; its progress arrives at the end of each pipeline.
    /// </summary>
    public const string AvailableSql =
        "SELECT EXISTS (SELECT FROM pg_language WHERE lanname = 'plpgsql' AND has_language_privilege(oid, 'USAGE'))";

    /// <summary>The marker of the migration with this version.</summary>
    public static NpgsqlBatchCommand Command(string versionText) => new(
        "DO $wayli_migrate$DECLARE level text := current_setting('client_min_messages'); BEGIN "
        + "PERFORM set_config('client_min_messages', 'notice', true); "
        + $"RAISE NOTICE '{NoticePrefix}{versionText.Replace("'", "''", StringComparison.Ordinal)}'; "
        + "PERFORM set_config('client_min_messages', level, true); END$wayli_migrate$");
}
