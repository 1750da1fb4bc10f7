namespace Wayli.Migrate.Sources;

/// <summary>When a callback file runs, named as Flyway names them (the file's name up to <c>.sql</c> or <c>__</c>).</summary>
public enum CallbackEvent
{
    /// <summary><c>beforeMigrate</c>: before the first migration of a run.</summary>
    BeforeMigrate,

    /// <summary><c>afterEachMigrate</c>: after each migration the run applies.</summary>
    AfterEachMigrate,

    /// <summary><c>afterMigrate</c>: after the run has applied everything, when nothing failed.</summary>
    AfterMigrate,
}
