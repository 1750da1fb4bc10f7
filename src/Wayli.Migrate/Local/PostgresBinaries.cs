namespace Wayli.Migrate.Local;

/// <summary>
/// Finds the folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: <c>PG_BIN</c> if set, else
/// <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's layout). When a major
/// version is wanted (a scratch database that must match a target), the first of those folders of that version.
/// </summary>
public static class PostgresBinaries
{
    /// <summary>Returns the folder, or throws saying how to install PostgreSQL.</summary>
    /// <exception cref="Failures.MigrateException">No PostgreSQL server programs were found (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public static Task<string> FindAsync(CancellationToken cancellationToken) => FindAsync(null, cancellationToken);

    /// <summary>
    /// Returns the first folder of server programs of major version <paramref name="major"/> (any version when null),
    /// or throws saying what was found and what to do.
    /// </summary>
    /// <exception cref="Failures.MigrateException">None was found (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public static async Task<string> FindAsync(int? major, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var candidate in await CandidatesAsync(cancellationToken))
        {
            if (!File.Exists(Path.Combine(candidate, "initdb")) || !File.Exists(Path.Combine(candidate, "pg_ctl")))
                continue;
            if (major is null)
                return candidate;
            var version = await MajorVersionAsync(candidate, cancellationToken);
            if (version == major)
                return candidate;
            found.Add($"PostgreSQL {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} in {candidate}");
        }
        if (major is null)
        {
            throw new Failures.MigrateException(Failures.FailureKind.Usage,
                "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql) "
                + "or set PG_BIN to the folder that holds them");
        }
        throw new Failures.MigrateException(Failures.FailureKind.Usage,
            $"no PostgreSQL {major} server programs were found for the local scratch database"
            + (found.Count == 0 ? "" : $" (found {string.Join(", ", found.Distinct(StringComparer.Ordinal))})")
            + $": install PostgreSQL {major} (Debian: apt-get install postgresql-{major}) or set PG_BIN to its bin folder");
    }

    /// <summary>The major version of the server programs in <paramref name="folder"/> (<c>initdb --version</c>), or null.</summary>
    static async Task<int?> MajorVersionAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            // "initdb (PostgreSQL) 15.8 (Debian 15.8-1)": it answers --version before its refusal to run as root.
            var text = await ProcessRunner.RunAsync(Path.Combine(folder, "initdb"), ["--version"], cancellationToken, asServiceUser: false);
            var at = text.IndexOf(") ", StringComparison.Ordinal) + 2;
            var digits = at < 2 ? "" : new string([.. text[at..].TakeWhile(char.IsAsciiDigit)]);
            return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
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
