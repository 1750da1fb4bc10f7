namespace Wayli.Migrate.Sources;

/// <summary>What a file of the migrations folder is.</summary>
public enum MigrationKind
{
    /// <summary><c>VERSION_description.sql</c>: applied once, in version order.</summary>
    Versioned,

    /// <summary>
    /// <c>repeatable/NAME.sql</c>: applied again whenever its checksum changes, after the versioned migrations, in name
    /// order (views, functions, policies: SQL that is safe to run again by nature).
    /// </summary>
    Repeatable,

    /// <summary><c>callbacks/EVENT.sql</c>: SQL run around a <c>migrate</c> run (see <see cref="CallbackEvent"/>), never recorded.</summary>
    Callback,
}
