using System.Text.Encodings.Web;
using System.Text.Json;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Linting.Baselines;

/// <summary>
/// The lint findings a project accepted when it adopted lint: with a baseline, only findings it does not list fail.
/// The file is JSON written by <c>lint --write-baseline</c>, meant to be committed and reviewed: its entries sorted, one
/// a line, each naming the file, the rule, the statement's fingerprint and (for people) the statement's first line.
/// Entries match findings as a multiset, so two findings of one rule in one statement need two entries.
/// </summary>
/// <example>
/// <code>
/// {
///   "format": "wayli-migrate-lint-baseline",
///   "formatVersion": 1,
///   "findings": [
///     {"file":"20250101000000_init.sql","rule":"WM101","fingerprint":"5f1c0e2a9b7d4c33","statement":"CREATE TABLE trips ("}
///   ]
/// }
/// </code>
/// </example>
public sealed class LintBaseline
{
    const string Format = "wayli-migrate-lint-baseline";
    const int FormatVersion = 1;

    static readonly JsonWriterOptions EntryOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    LintBaseline(string path, IReadOnlyList<BaselineEntry> entries) => (Path, Entries) = (path, entries);

    /// <summary>Where it was read from.</summary>
    public string Path { get; }

    /// <summary>Its entries, in the file's order.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>
    /// True for a finding a baseline can accept: one about a statement. Problems with a file or a lint:ignore comment
    /// (WM001–WM004) are not: they are fixed, not accepted.
    /// </summary>
    public static bool CanAccept(LintFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Fingerprint is not null && finding.Statement is not null;
    }

    /// <summary>The entry that accepts <paramref name="finding"/> (which <see cref="CanAccept"/>).</summary>
    public static BaselineEntry EntryOf(LintFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new BaselineEntry(System.IO.Path.GetFileName(finding.File), finding.RuleId, finding.Fingerprint!, finding.Statement!);
    }

    /// <summary>
    /// The file that accepts <paramref name="findings"/> (those it can: see <see cref="CanAccept"/>), sorted so that
    /// the same findings always give the same bytes, wherever their lines are.
    /// </summary>
    public static byte[] Write(IEnumerable<LintFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var entries = findings.Where(CanAccept).Select(EntryOf)
            .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal)
            .ThenBy(e => e.Statement, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        buffer.Write(System.Text.Encoding.UTF8.GetBytes($$"""
            {
              "format": "{{Format}}",
              "formatVersion": {{FormatVersion}},
              "about": "Lint findings this project accepted: lint --baseline FILE fails only on findings not listed here. Rewrite it with lint --write-baseline FILE.",
              "findings": [
            """));
        for (var i = 0; i < entries.Count; i++)
        {
            buffer.Write("\n    "u8);
            using (var json = new Utf8JsonWriter(buffer, EntryOptions))
            {
                json.WriteStartObject();
                json.WriteString("file", entries[i].File);
                json.WriteString("rule", entries[i].Rule);
                json.WriteString("fingerprint", entries[i].Fingerprint);
                json.WriteString("statement", entries[i].Statement);
                json.WriteEndObject();
            }
            if (i < entries.Count - 1)
                buffer.WriteByte((byte)',');
        }
        buffer.Write(entries.Count == 0 ? "]\n}\n"u8 : "\n  ]\n}\n"u8);
        return buffer.ToArray();
    }

    /// <summary>Reads a baseline, refusing anything that is not one, naming the file, the line and what is wrong.</summary>
    /// <param name="path">The file.</param>
    /// <param name="names">How messages name the options.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="MigrateException">The file is missing, unreadable or not a baseline (<see cref="FailureKind.Usage"/>).</exception>
    public static async Task<LintBaseline> ReadAsync(string path, OptionNames names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw new MigrateException(FailureKind.Usage,
                $"the lint baseline {path} does not exist: write it with {names[OptionNames.LintBaselineToWrite]} {path}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrateException(FailureKind.Usage, $"the lint baseline {path} cannot be read: {e.Message}", e);
        }
        return Parse(path, bytes, names);
    }

    /// <summary>Parses a baseline's bytes (see <see cref="ReadAsync"/>).</summary>
    /// <exception cref="MigrateException">They are not a baseline (<see cref="FailureKind.Usage"/>).</exception>
    public static LintBaseline Parse(string path, byte[] bytes, OptionNames names)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(names);
        // An editor may have added a byte order mark; it holds no line break, so lines are counted alike.
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            var cause = e.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0];
            throw Invalid(path, (int)(e.LineNumber ?? 0) + 1, $"it is not JSON ({cause})", names);
        }
        using (document)
        {
            var root = document.RootElement;
            if (Text(root, "format") != Format || !root.TryGetProperty("formatVersion", out var version)
                || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != FormatVersion)
            {
                throw Invalid(path, 1, $"it is not a {Format} of format version {FormatVersion}", names);
            }
            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw Invalid(path, 1, "it has no list of findings", names);
            var entries = new List<BaselineEntry>();
            foreach (var element in findings.EnumerateArray())
            {
                var entry = ReadEntry(element);
                if (entry is null)
                {
                    throw Invalid(path, LineOfEntry(bytes, entries.Count),
                        $"entry {entries.Count + 1} needs a file, a rule and a fingerprint of {BaselineEntry.FingerprintLength} hex digits", names);
                }
                entries.Add(entry);
            }
            return new LintBaseline(path, entries);
        }
    }

    /// <summary>
    /// Sets aside the findings this baseline accepts, and finds the entries whose finding is gone among the files the run
    /// linted (<paramref name="linted"/>, by file name): an entry for a file outside them is neither used nor stale.
    /// </summary>
    public BaselineMatch Match(IReadOnlyList<LintFinding> findings, Func<string, bool> linted)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(linted);
        var unused = new Dictionary<(string, string, string), int>();
        foreach (var entry in Entries)
            unused[entry.Key] = unused.GetValueOrDefault(entry.Key) + 1;
        var reported = new List<LintFinding>();
        var accepted = 0;
        foreach (var finding in findings)
        {
            if (CanAccept(finding) && unused.TryGetValue(EntryOf(finding).Key, out var left) && left > 0)
            {
                unused[EntryOf(finding).Key] = left - 1;
                accepted++;
            }
            else
            {
                reported.Add(finding);
            }
        }
        var stale = new List<BaselineEntry>();
        foreach (var entry in Entries.Where(e => linted(e.File)))
        {
            if (unused[entry.Key] is var left and > 0)
            {
                unused[entry.Key] = left - 1;
                stale.Add(entry);
            }
        }
        return new BaselineMatch(reported, accepted, stale);
    }

    static BaselineEntry? ReadEntry(JsonElement element)
    {
        var (file, rule, fingerprint) = (Text(element, "file"), Text(element, "rule"), Text(element, "fingerprint"));
        if (string.IsNullOrWhiteSpace(file) || string.IsNullOrWhiteSpace(rule) || fingerprint is not { Length: BaselineEntry.FingerprintLength }
            || !fingerprint.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        return new BaselineEntry(file, rule, fingerprint, Text(element, "statement") ?? "");
    }

    /// <summary>The 1-based line on which entry <paramref name="index"/> of the findings list starts.</summary>
    static int LineOfEntry(byte[] bytes, int index)
    {
        var reader = new Utf8JsonReader(bytes);
        var seen = -1;
        while (reader.Read())
        {
            // The findings list is the array at depth 1; its entries start at depth 2.
            if (reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray) && ++seen == index)
                return bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth == 2)
                reader.Skip();
        }
        return 1;
    }

    static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    static MigrateException Invalid(string path, int line, string why, OptionNames names) =>
        new(FailureKind.Usage, $"{path}:{line}: {why}; this is not a lint baseline (write one with {names[OptionNames.LintBaselineToWrite]} {path})");
}
