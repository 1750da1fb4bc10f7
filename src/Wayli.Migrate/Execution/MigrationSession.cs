using Npgsql;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Execution;

/// <summary>What applying a migration needs: the connection migrations run on, the history, the session settings.</summary>
/// <param name="Connection">The connection that runs migrations (not the lock's).</param>
/// <param name="History">Where rows are written; null to apply without recording (the idempotency proof).</param>
/// <param name="Settings">The settings each migration starts with.</param>
internal sealed record MigrationSession(NpgsqlConnection Connection, HistoryStore? History, SessionSettings Settings);
