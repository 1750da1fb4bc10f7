namespace Wayli.Migrate.Verification;

/// <summary>PostgreSQL's table lock modes, as <c>pg_locks.mode</c> names them: their order of strength and what each blocks.</summary>
public static class LockModes
{
    // Weakest first: PostgreSQL's own order (lockdefs.h), so a higher index never conflicts with less.
    static readonly string[] Ordered =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    /// <summary>How strong a mode is: 1 (<c>AccessShareLock</c>) to 8 (<c>AccessExclusiveLock</c>); 0 for a name PostgreSQL does not use for tables.</summary>
    public static int Strength(string mode) => Array.IndexOf(Ordered, mode) + 1;

    /// <summary>What other sessions cannot do on the table while <paramref name="mode"/> is held.</summary>
    public static LockImpact Impact(string mode) => mode switch
    {
        "AccessExclusiveLock" => LockImpact.ReadsAndWrites,
        // Each of these conflicts with RowExclusiveLock, the mode every INSERT, UPDATE and DELETE takes.
        "ShareLock" or "ShareRowExclusiveLock" or "ExclusiveLock" => LockImpact.Writes,
        _ => LockImpact.OnlyDdl,
    };

    /// <summary>The strongest of <paramref name="modes"/>, or null when there is none.</summary>
    public static string? Strongest(IEnumerable<string> modes) => modes.MaxBy(Strength);

    /// <summary>What <paramref name="impact"/> means for a reader, such as "blocks reads and writes".</summary>
    public static string Describe(LockImpact impact) => impact switch
    {
        LockImpact.ReadsAndWrites => "blocks reads and writes",
        LockImpact.Writes => "blocks writes, not reads",
        _ => "blocks only DDL",
    };
}
