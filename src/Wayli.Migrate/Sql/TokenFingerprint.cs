using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Wayli.Migrate.Sql;

/// <summary>
/// SHA-256 of what PostgreSQL acts on in SQL text: its tokens, without the comments and the whitespace between them.
/// Everything inside a token is kept exactly: string constants, quoted identifiers and dollar-quoted bodies (a
/// function's body is stored as written, so a comment in it is a change). <c>-- migrate:</c> directive comments are
/// kept too, since they change how a file runs. Line endings inside tokens count as LF, as the file checksum counts them.
/// </summary>
/// <remarks>
/// Whitespace between tokens counts only where PostgreSQL reads it: between operator characters (<c>&lt;=</c> is one
/// operator, <c>&lt; =</c> two), between a dot and a digit (<c>.5</c>), and as the line break that joins two string constants
/// (<c>'a'</c> and <c>'b'</c> on the next line are <c>'ab'</c>). The digest is over the UTF-8 of each token followed by
/// a NUL (which migration text never holds), a token touching the one before it in those places being marked.
/// </remarks>
/// <example>
/// <c>create table t (a int); -- done</c> and <c>/* trips */ create table t(a  int);</c> have the same fingerprint;
/// <c>create table t (a bigint);</c> and <c>create table "T" (a int);</c> do not.
/// </example>
public static class TokenFingerprint
{
    const char EndOfToken = '\0';
    const char Touching = '\u0001';
    const char ContinuedString = '\u0002';
    const int ChunkLength = 8192;

    // PostgreSQL's operator characters, with ':' (::, :=) and '.' (..), which also join their neighbours.
    static readonly SearchValues<char> OperatorCharacters = SearchValues.Create("+-*/<>=~!@#%^&|`?:.");

    // Reused per thread, as MigrationChecksum does: setting up a hash per call cost more than hashing a small file.
    [ThreadStatic]
    static IncrementalHash? _threadSha256;

    /// <summary>The fingerprint of <paramref name="sql"/>, as 64 lower-case hex digits.</summary>
    public static string Of(ReadOnlySpan<char> sql)
    {
        var sha256 = _threadSha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chars = ArrayPool<char>.Shared.Rent(ChunkLength);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(ChunkLength));
        var sink = new Sink(sha256, chars, bytes);
        var hashed = false;
        try
        {
            WriteTokens(sql, ref sink);
            sink.Flush();
            Span<byte> digest = stackalloc byte[32];
            sha256.GetHashAndReset(digest);
            hashed = true;
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            // A failure half-way must not leave its data in the next caller's hash.
            if (!hashed)
                sha256.GetHashAndReset();
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    static void WriteTokens(ReadOnlySpan<char> sql, ref Sink sink)
    {
        var scanner = new SqlScanner(sql);
        SqlToken? previous = null;
        var (gap, lineBreak) = (false, false);
        while (scanner.Next(out var token))
        {
            var text = sql.Slice(token.Start, token.Length);
            if (token.Kind == SqlTokenKind.LineComment && MigrationDirectives.IsDirective(text))
            {
                // Written as the directive reader reads it: the name after the dashes, spaces around it aside.
                sink.WriteToken(text[2..].Trim(), lineBreaks: false);
                gap = true;
                continue;
            }
            if (token.IsTrivia)
            {
                gap = true;
                // A line break matters only after a string constant (see below): look for one only there.
                lineBreak |= previous is { } last && IsStringConstant(last.Kind) && token.Kind == SqlTokenKind.Whitespace
                    && text.ContainsAny(SqlChars.LineBreaks);
                continue;
            }
            if (previous is { } before)
            {
                if (!gap && Touches(before, token, sql))
                    sink.Write(Touching);
                else if (lineBreak && IsStringConstant(before.Kind) && IsStringConstant(token.Kind))
                    sink.Write(ContinuedString);
            }
            sink.WriteToken(text, MayHoldLineBreaks(token.Kind));
            (previous, gap, lineBreak) = (token, false, false);
        }
    }

    /// <summary>
    /// True where PostgreSQL reads two tokens differently when nothing separates them: operator characters, which
    /// make one operator together (<c>&lt;=</c>, <c>::</c>, <c>=&gt;</c>), and a dot before a digit (<c>.5</c>).
    /// </summary>
    static bool Touches(SqlToken before, SqlToken after, ReadOnlySpan<char> sql) =>
        before.Kind == SqlTokenKind.Other && (after.Kind == SqlTokenKind.Other
            ? OperatorCharacters.Contains(sql[before.Start]) && OperatorCharacters.Contains(sql[after.Start])
            : after.Kind == SqlTokenKind.Number && sql[before.Start] == '.');

    /// <summary>True for the tokens that can span lines: quoted ones, and what the scanner could not close.</summary>
    static bool MayHoldLineBreaks(SqlTokenKind kind) => kind is not (SqlTokenKind.Word or SqlTokenKind.Number or SqlTokenKind.Other
        or SqlTokenKind.Semicolon or SqlTokenKind.OpenParenthesis or SqlTokenKind.CloseParenthesis or SqlTokenKind.Parameter);

    static bool IsStringConstant(SqlTokenKind kind) => kind is SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.BitString
        or SqlTokenKind.HexString or SqlTokenKind.NationalString or SqlTokenKind.UnicodeString;

    /// <summary>Collects text in a buffer and hands it to the hash as UTF-8 a chunk at a time, so a large body costs no copy of itself.</summary>
    ref struct Sink(IncrementalHash sha256, char[] chars, byte[] bytes)
    {
        int _count;

        public void WriteToken(ReadOnlySpan<char> token, bool lineBreaks)
        {
            // CR LF inside a token counts as LF, as in the file checksum: a Windows checkout is not a change.
            for (var crlf = lineBreaks ? token.IndexOf("\r\n") : -1; crlf >= 0; crlf = token.IndexOf("\r\n"))
            {
                Write(token[..crlf]);
                token = token[(crlf + 1)..];
            }
            Write(token);
            Write(EndOfToken);
        }

        public void Write(char c)
        {
            if (_count == chars.Length)
                Flush();
            chars[_count++] = c;
        }

        void Write(ReadOnlySpan<char> text)
        {
            while (!text.IsEmpty)
            {
                if (_count == chars.Length)
                    Flush();
                var length = Math.Min(text.Length, chars.Length - _count);
                text[..length].CopyTo(chars.AsSpan(_count));
                _count += length;
                text = text[length..];
            }
        }

        public void Flush()
        {
            // A surrogate pair cut by the chunk's end is completed by the next chunk: carry its first half over.
            var complete = _count > 0 && char.IsHighSurrogate(chars[_count - 1]) ? _count - 1 : _count;
            var written = Encoding.UTF8.GetBytes(chars, 0, complete, bytes, 0);
            sha256.AppendData(bytes, 0, written);
            if (complete < _count)
                chars[0] = chars[complete];
            _count -= complete;
        }
    }
}
