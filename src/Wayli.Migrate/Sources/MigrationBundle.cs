using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Sources;

/// <summary>
/// A verified set of migrations in one deterministic file, built in CI and applied in production exactly as tested.
/// It is a JSON document: the format and tool version, a digest over the whole ordered set, and for each migration
/// its version, name, file name, SHA-256 (the same checksum the history table records) and its text. The same
/// files always give the same bytes: no timestamps, fixed order, fixed formatting.
/// <para>
/// Format version 2 adds the repeatable migrations and the callbacks (each with its file name, SHA-256 and text; the
/// digest covers them after the versioned migrations). A set without either is still written as version 1, which
/// earlier versions of the tool read; both versions are verified.
/// </para>
/// </summary>
public static class MigrationBundle
{
    /// <summary>The file name <c>build</c> writes in its output folder.</summary>
    public const string FileName = "migrations.bundle.json";

    const string Format = "wayli-migrate-bundle";
    const int FormatVersion = 2;
    const int FirstFormatVersion = 1;

    static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Migration text is data, not HTML: keep it readable, and the escaping is fixed either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="set"/> as a bundle. The set must be valid.</summary>
    /// <exception cref="MigrateException">The set has problems (<see cref="FailureKind.Validation"/>).</exception>
    public static byte[] Write(MigrationSet set, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!set.IsValid)
        {
            throw new MigrateException(FailureKind.Validation,
                $"{set.Problems.Count} problem(s) in {set.Location}; no bundle was written:\n" + string.Join('\n', set.Problems));
        }
        var extended = set.Repeatables.Count > 0 || set.Callbacks.Count > 0;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("formatVersion", extended ? FormatVersion : FirstFormatVersion);
            json.WriteString("toolVersion", toolVersion);
            json.WriteString("digest", Digest(set));
            json.WriteStartArray("migrations");
            foreach (var migration in set.Migrations)
                WriteEntry(json, migration);
            json.WriteEndArray();
            if (extended)
            {
                WriteFiles(json, "repeatables", set.Repeatables);
                WriteFiles(json, "callbacks", set.Callbacks);
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// Verifies and parses bundle bytes read from <paramref name="path"/>: every checksum, the set digest and the order.
    /// Anything altered, truncated or reordered is refused, naming what differs, before any database work.
    /// </summary>
    /// <exception cref="MigrateException">The bundle fails verification (<see cref="FailureKind.Validation"/>).</exception>
    public static MigrationSet Parse(string path, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            // An editor may have added a byte order mark; the checksums below still catch any real change.
            document = JsonDocument.Parse(MigrationChecksum.WithoutBom(bytes).ToArray());
        }
        catch (JsonException e)
        {
            throw Refused(path, [$"it is not a complete bundle (truncated or not JSON: {e.Message})"]);
        }
        using (document)
            return Verify(path, document.RootElement);
    }

    /// <summary>The digest of a set: its versioned migrations, then its repeatables and callbacks (named by their paths).</summary>
    public static string Digest(MigrationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Digest(set.AllFiles.Select(m => (m.Name.VersionText, m.FileName, m.Checksum)));
    }

    /// <summary>The digest of an ordered set: SHA-256 over one line per migration, <c>version TAB file TAB sha256</c>.</summary>
    public static string Digest(IEnumerable<(string Version, string FileName, string Sha256)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var (version, fileName, sha256) in entries)
            text.Append(version).Append('\t').Append(fileName).Append('\t').Append(sha256).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static void WriteEntry(Utf8JsonWriter json, Migration migration)
    {
        json.WriteStartObject();
        json.WriteString("version", migration.Name.VersionText);
        json.WriteString("name", migration.Description);
        json.WriteString("file", migration.FileName);
        json.WriteString("sha256", migration.Checksum);
        json.WriteString("content", migration.ReadContent().RawText);
        json.WriteEndObject();
    }

    static void WriteFiles(Utf8JsonWriter json, string property, IReadOnlyList<Migration> files)
    {
        json.WriteStartArray(property);
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("file", Path.GetFileName(file.FileName));
            json.WriteString("sha256", file.Checksum);
            json.WriteString("content", file.ReadContent().RawText);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    static MigrationSet Verify(string path, JsonElement root)
    {
        var differences = new List<string>();
        if (Text(root, "format") != Format || root.TryGetProperty("formatVersion", out var version) is false
            || version.ValueKind != JsonValueKind.Number || version.GetInt32() is not (FirstFormatVersion or FormatVersion))
        {
            throw Refused(path, [$"it is not a {Format} of format version {FirstFormatVersion} or {FormatVersion}"]);
        }
        if (!root.TryGetProperty("migrations", out var entries) || entries.ValueKind != JsonValueKind.Array)
            throw Refused(path, ["it has no list of migrations"]);
        var problems = new List<SourceProblem>();
        var migrations = new List<Migration>();
        var listed = new List<(string, string, string)>();
        foreach (var entry in entries.EnumerateArray())
        {
            var migration = ReadEntry(path, entry, differences, problems);
            if (migration is null)
                continue;
            if (migrations.Count > 0 && migrations[^1].Version >= migration.Version)
                differences.Add($"{migration.FileName} comes after {migrations[^1].FileName}: the migrations are not in version order");
            migrations.Add(migration);
            listed.Add((migration.Name.VersionText, migration.FileName, Text(entry, "sha256") ?? ""));
        }
        var repeatables = ReadFiles(path, root, "repeatables", MigrationKind.Repeatable, differences, problems, listed);
        var callbacks = ReadFiles(path, root, "callbacks", MigrationKind.Callback, differences, problems, listed);
        if (version.GetInt32() == FirstFormatVersion && repeatables.Count + callbacks.Count > 0)
            differences.Add($"format version {FirstFormatVersion} has no repeatable migrations or callbacks, yet it lists some");
        if (Digest(listed) != Text(root, "digest"))
            differences.Add($"the set digest {Text(root, "digest") ?? "(missing)"} does not match the migrations listed ({Digest(listed)}): a migration was added, removed, renamed or reordered");
        if (differences.Count > 0)
            throw Refused(path, differences);
        return new MigrationSet(path, migrations, problems) { Repeatables = repeatables, Callbacks = callbacks };
    }

    /// <summary>The repeatables or callbacks of a bundle (none when it has no such list), in name order.</summary>
    static List<Migration> ReadFiles(string path, JsonElement root, string property, MigrationKind kind, List<string> differences,
        List<SourceProblem> problems, List<(string, string, string)> listed)
    {
        var files = new List<Migration>();
        if (!root.TryGetProperty(property, out var entries))
            return files;
        if (entries.ValueKind != JsonValueKind.Array)
        {
            differences.Add($"its {property} are not a list");
            return files;
        }
        foreach (var entry in entries.EnumerateArray())
        {
            var (fileName, content, sha256) = (Text(entry, "file"), Text(entry, "content"), Text(entry, "sha256"));
            if (fileName is null || content is null || sha256 is null)
            {
                differences.Add($"an entry of its {property} lacks its file, sha256 or content");
                continue;
            }
            string? problem;
            var name = kind == MigrationKind.Repeatable ? MigrationFileName.TryParseRepeatable(fileName, out problem) : MigrationFileName.TryParseCallback(fileName, out problem);
            if (name is null || fileName.Contains('/', StringComparison.Ordinal))
            {
                differences.Add($"{fileName}: not a name its {property} may have{(problem is null ? "" : $" ({problem})")}");
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(content);
            var file = MigrationParser.Parse(name, name.VersionText, $"{path}:{name.VersionText}", bytes, problems, () => bytes, lexNow: true);
            if (file is null)
                continue;
            if (file.Checksum != sha256)
                differences.Add($"{name.VersionText}: its content was altered (SHA-256 {file.Checksum}, the bundle lists {sha256})");
            if (files.Count > 0 && string.CompareOrdinal(files[^1].FileName, file.FileName) >= 0)
                differences.Add($"{file.FileName} comes after {files[^1].FileName}: the {property} are not in name order");
            files.Add(file);
            listed.Add((name.VersionText, name.VersionText, sha256));
        }
        return files;
    }

    static Migration? ReadEntry(string path, JsonElement entry, List<string> differences, List<SourceProblem> problems)
    {
        var fileName = Text(entry, "file");
        var content = Text(entry, "content");
        var sha256 = Text(entry, "sha256");
        if (fileName is null || content is null || sha256 is null)
        {
            differences.Add("an entry lacks its file, sha256 or content");
            return null;
        }
        var name = MigrationFileName.TryParse(fileName, out var problem);
        if (name is null || name.VersionText != Text(entry, "version") || name.Description != Text(entry, "name"))
        {
            differences.Add($"{fileName}: the file name does not match the entry's version and name{(problem is null ? "" : $" ({problem})")}");
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(content);
        var migration = MigrationParser.Parse(name, fileName, $"{path}:{fileName}", bytes, problems, () => bytes, lexNow: true);
        if (migration is not null && migration.Checksum != sha256)
            differences.Add($"{fileName}: its content was altered (SHA-256 {migration.Checksum}, the bundle lists {sha256})");
        return migration;
    }

    static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    static MigrateException Refused(string path, IReadOnlyList<string> differences) =>
        new(FailureKind.Validation, $"the bundle {path} is refused; nothing was applied:\n  " + string.Join("\n  ", differences));
}
