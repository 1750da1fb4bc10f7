namespace Wayli.Migrate.Execution;

/// <summary>
/// Wraps the sending of each statement of a migration: it is given the statement and a function that sends it, and
/// must call that function once (letting its exception through). A rehearsal uses it to look, from PostgreSQL itself,
/// at what each statement did: before and after it inside the migration's transaction, or while it runs.
/// </summary>
internal delegate Task StatementObserver(ObservedStatement statement, Func<Task> send);
