namespace Wayli.Migrate.Verification;

/// <summary>What other sessions cannot do while a lock on a table is held.</summary>
public enum LockImpact
{
    /// <summary>Reads and writes go on; only DDL (and, for the stronger of these modes, <c>VACUUM</c> and index builds) waits.</summary>
    OnlyDdl,

    /// <summary>Reads go on; <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c> (and <c>SELECT … FOR UPDATE</c>) wait.</summary>
    Writes,

    /// <summary>Everything waits, plain <c>SELECT</c> included.</summary>
    ReadsAndWrites,
}
