namespace Wayli.Migrate.Local;

/// <summary>
/// Finds the folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: <c>PG_BIN</c> if set, else
/// <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's layout).
/// </summary>
public static class PostgresBinaries
{
    /// <summary>Returns the folder, or throws saying how to install PostgreSQL.</summary>
    /// <exception cref="Failures.MigrateException">No PostgreSQL server programs were found (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public static async Task<string> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var candidate in await CandidatesAsync(cancellationToken))
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
                return candidate;
        }
        throw new Failures.MigrateException(Failures.FailureKind.Usage,
            "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql) "
            + "or set PG_BIN to the folder that holds them");
    }

    static async Task<List<string>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } fromEnvironment)
            candidates.Add(fromEnvironment);
        try
        {
            candidates.Add((await ProcessRunner.RunAsync("pg_config", ["--bindir"], cancellationToken, asServiceUser: false)).Trim());
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH; fall back to the distribution's layout.
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        return candidates;
    }
}
