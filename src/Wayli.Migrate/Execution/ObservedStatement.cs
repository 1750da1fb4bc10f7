using Npgsql;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>A statement of a migration about to be sent, as a <see cref="StatementObserver"/> sees it.</summary>
/// <param name="Connection">The session the migration runs on.</param>
/// <param name="Statement">The statement.</param>
/// <param name="Number">Its 1-based number among the file's statements that are sent.</param>
/// <param name="InTransaction">True when it runs inside the migration's transaction (opened by the applier), so what
/// it did can be read from that transaction afterwards; false when it runs on its own (a file that cannot run in a
/// transaction).</param>
internal sealed record ObservedStatement(NpgsqlConnection Connection, SqlStatement Statement, int Number, bool InTransaction);
