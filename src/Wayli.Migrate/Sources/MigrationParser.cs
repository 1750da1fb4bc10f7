using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// Turns one migration's bytes into a <see cref="Migration"/>, or records why they cannot be one: invalid UTF-8, a NUL
/// byte, and (when lexed) the SQL's own problems, each located by line and column. Both sources, folders and bundles,
/// read their migrations through it, so a file and its bundle entry are checked alike.
/// </summary>
internal static class MigrationParser
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Turns a migration's bytes into a migration, or records why it cannot be one.</summary>
    /// <param name="name">The parsed file name.</param>
    /// <param name="fileName">The bare file name.</param>
    /// <param name="path">Where the migration is, for messages.</param>
    /// <param name="bytes">Its bytes.</param>
    /// <param name="problems">Receives what is wrong with it.</param>
    /// <param name="read">Gives the bytes again when the text is needed later.</param>
    /// <param name="lexNow">False to leave the lexing (and its problems) for <see cref="Migration.Lex"/>.</param>
    public static Migration? Parse(MigrationFileName name, string fileName, string path, byte[] bytes, List<SourceProblem> problems,
        Func<byte[]> read, bool lexNow)
    {
        var content = MigrationChecksum.WithoutBom(bytes);
        if (FindInvalidUtf8(content) is { } invalidAt)
        {
            var (line, column) = Locate(content, invalidAt);
            problems.Add(new SourceProblem(path, line, column, $"is not valid UTF-8 (byte 0x{content[invalidAt]:X2} at offset {invalidAt + bytes.Length - content.Length}); save the file as UTF-8"));
            return null;
        }
        if (content.IndexOf((byte)0) is var nul and >= 0)
        {
            var (line, column) = Locate(content, nul);
            problems.Add(new SourceProblem(path, line, column, "contains a NUL byte, which PostgreSQL cannot accept in SQL text"));
            return null;
        }
        var checksum = MigrationChecksum.Sha256(bytes);
        var hasBom = content.Length != bytes.Length;
        if (!lexNow)
            return new Migration(name, fileName, path, checksum, null, hasBom, read);
        var analysis = MigrationAnalysis.Of(SqlLexer.Split(Decode(content)));
        foreach (var problem in analysis.Problems)
            problems.Add(new SourceProblem(path, problem.Line, problem.Column, problem.Message));
        return new Migration(name, fileName, path, checksum, analysis, hasBom, read);
    }

    /// <summary>The text of a file's bytes (byte order mark already removed), which were checked to be valid UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> content) => StrictUtf8.GetString(content);

    static int? FindInvalidUtf8(ReadOnlySpan<byte> content)
    {
        if (Utf8.IsValid(content))
            return null;
        var buffer = ArrayPool<char>.Shared.Rent(content.Length);
        try
        {
            var status = Utf8.ToUtf16(content, buffer, out var bytesRead, out _, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? null : bytesRead;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Line and column of a byte, counted as the lexer counts them (code points; LF, CRLF or CR end a line).</summary>
    static (int Line, int Column) Locate(ReadOnlySpan<byte> content, int byteOffset)
    {
        // Everything before the offset is valid UTF-8, so it decodes exactly.
        var before = Encoding.UTF8.GetString(content[..byteOffset]);
        var location = new LineMap(before).Locate(before.Length);
        return (location.Line, location.Column);
    }
}
