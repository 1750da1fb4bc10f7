using Npgsql;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Execution;

/// <summary>What applying a migration needs: the connection migrations run on, the history, the session settings.</summary>
/// <param name="Connection">The connection that runs migrations (not the lock's).</param>
/// <param name="History">Where rows are written; null to apply without recording (the idempotency proof).</param>
/// <param name="Settings">The settings each migration starts with.</param>
/// <param name="ProgressMarkers">True to start each transactional migration with a <see cref="ProgressMarker"/>, so the
/// outcomes of a pipeline arrive as they happen (needs PL/pgSQL, which the run checks for).</param>
/// <param name="ProcessId">The server process behind <paramref name="Connection"/> (<c>pg_backend_pid()</c>), when known:
/// after a lost connection it is how the run finds its old session on the server.</param>
/// <param name="Observer">Wraps each statement when a rehearsal watches the migration; null to send the migration as
/// <c>migrate</c> does. With an observer, a transactional migration's statements are sent one by one inside its
/// transaction (the same statements, the same transaction), so each can be looked at before the next.</param>
internal sealed record MigrationSession(NpgsqlConnection Connection, HistoryStore? History, SessionSettings Settings,
    bool ProgressMarkers = false, int? ProcessId = null, StatementObserver? Observer = null);
