using System.Globalization;

namespace Wayli.Migrate.Local;

/// <summary>
/// What a development database's folder remembers between runs, in its <c>settings</c> file (one <c>key=value</c> a
/// line): the port it was last started on, whether it has the Supabase environment, and the PostgreSQL programs that
/// created it (a data folder only starts with the major version that made it).
/// </summary>
/// <param name="Port">The loopback port.</param>
/// <param name="Supabase">True when the database has the Supabase environment.</param>
/// <param name="Binaries">The folder of <c>initdb</c> and <c>pg_ctl</c> used to create it.</param>
public sealed record DevClusterSettings(int Port, bool Supabase, string Binaries)
{
    /// <summary>Reads the file; null when it does not exist.</summary>
    /// <exception cref="Failures.MigrateException">The file is damaged (<see cref="Failures.FailureKind.Usage"/>).</exception>
    public static DevClusterSettings? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        var values = File.ReadAllLines(path)
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.Ordinal);
        if (!values.TryGetValue("port", out var port) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !values.TryGetValue("binaries", out var binaries))
        {
            throw new Failures.MigrateException(Failures.FailureKind.Usage,
                $"{path} is damaged (it needs port=… and binaries=… lines); restore it, or delete the folder to start afresh (its data goes with it)");
        }
        return new DevClusterSettings(number, values.GetValueOrDefault("supabase") == "true", binaries);
    }

    /// <summary>Writes the file (replacing it whole, so a crash leaves the old one or the new one).</summary>
    public void Write(string path)
    {
        var temporary = path + ".new";
        File.WriteAllText(temporary, string.Join('\n',
            "# wayli-migrate dev: the local database's settings (written by the tool)",
            $"port={Port.ToString(CultureInfo.InvariantCulture)}",
            $"supabase={(Supabase ? "true" : "false")}",
            $"binaries={Binaries}",
            ""));
        File.Move(temporary, path, overwrite: true);
    }
}
