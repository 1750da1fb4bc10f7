using System.Globalization;
using System.Text;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Sources;

/// <summary>
/// Creates a new migration file: <c>YYYYMMDDHHMMSS_description.sql</c> named from the current UTC time and a slug of
/// the description, with a template that shows the guarded (idempotent) forms. Its version is never one a file
/// already has, and never older than the newest file, so the new migration is always the next to apply.
/// </summary>
public static class NewMigration
{
    const string VersionFormat = "yyyyMMddHHmmss";

    /// <summary>Writes the file and returns its path.</summary>
    /// <exception cref="MigrateException">The description has no letters or digits (<see cref="FailureKind.Usage"/>).</exception>
    public static Task<string> CreateAsync(string directory, string description, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(directory, description, now, Template(description.Trim(), now), cancellationToken);

    /// <summary>
    /// Writes <paramref name="text"/> as the next migration, named from <paramref name="now"/> and the description, never
    /// over an existing file; returns its path.
    /// </summary>
    /// <exception cref="MigrateException">The description has no letters or digits (<see cref="FailureKind.Usage"/>).</exception>
    public static async Task<string> WriteAsync(string directory, string description, DateTimeOffset now, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = Slug(description);
        Directory.CreateDirectory(directory);
        var version = NextVersion(directory, now);
        var path = Path.Combine(directory, $"{version}_{slug}.sql");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await file.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        return path;
    }

    /// <summary>Lower case; every run of characters other than ASCII letters and digits becomes one <c>_</c>.</summary>
    /// <example><c>"Add trips: distance (km)"</c> gives <c>add_trips_distance_km</c>.</example>
    public static string Slug(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var slug = new StringBuilder();
        foreach (var c in description.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '_')
                slug.Append('_');
        }
        var text = slug.ToString().Trim('_');
        return text.Length > 0 ? text
            : throw new MigrateException(FailureKind.Usage, "the description must have letters or digits, e.g. wayli-migrate new \"add trips table\"");
    }

    /// <summary>The current UTC time as a version, moved past every existing version.</summary>
    public static string NextVersion(string directory, DateTimeOffset now)
    {
        var candidate = MigrationVersion.Parse(now.UtcDateTime.ToString(VersionFormat, CultureInfo.InvariantCulture));
        var newest = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.sql").Select(p => MigrationFileName.TryParse(Path.GetFileName(p), out _)?.Version).OfType<MigrationVersion>()
                .DefaultIfEmpty(MigrationVersion.Parse("0")).Max()
            : MigrationVersion.Parse("0");
        if (candidate > newest)
            return candidate.Value;
        // Same second as an existing file, or files dated in the future: one past the newest.
        return (System.Numerics.BigInteger.Parse(newest.Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
    }

    static string Template(string description, DateTimeOffset now) => $"""
        -- {description}
        -- Created {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. Migrations must be safe to run twice
        -- (`wayli-migrate test` proves it): use the guarded forms below. Delete what you do not need.

        -- CREATE TABLE IF NOT EXISTS public.example (
        --     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        --     created_at timestamptz NOT NULL DEFAULT now()
        -- );
        -- ALTER TABLE public.example ADD COLUMN IF NOT EXISTS note text;
        -- CREATE INDEX IF NOT EXISTS example_created_at_idx ON public.example (created_at);
        -- ALTER TABLE public.example ENABLE ROW LEVEL SECURITY;
        -- DROP POLICY IF EXISTS "example is readable when signed in" ON public.example;
        -- CREATE POLICY "example is readable when signed in" ON public.example FOR SELECT TO authenticated USING (true);
        -- CREATE OR REPLACE FUNCTION public.example_count() RETURNS bigint LANGUAGE sql STABLE SET search_path = ''
        --     AS $$ SELECT count(*) FROM public.example $$;

        """;
}
