namespace Wayli.Migrate.Linting.Shapes;

/// <summary>The kinds of <c>ALTER TABLE</c> action the rules tell apart.</summary>
internal enum TableActionKind
{
    /// <summary><c>ADD [COLUMN] [IF NOT EXISTS] name type …</c>.</summary>
    AddColumn,

    /// <summary><c>ADD [CONSTRAINT name] PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE …</c>.</summary>
    AddConstraint,

    /// <summary><c>DROP [COLUMN] [IF EXISTS] name</c>.</summary>
    DropColumn,

    /// <summary><c>DROP CONSTRAINT [IF EXISTS] name</c>.</summary>
    DropConstraint,

    /// <summary><c>ALTER [COLUMN] name …</c> (type, default, nullability, …).</summary>
    AlterColumn,

    /// <summary>Anything else: RLS switches, owner, RENAME, SET SCHEMA, …</summary>
    Other,
}
