using System.Buffers;
using System.Security.Cryptography;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Sources;

/// <summary>
/// Checksums of migration text. The file checksum is SHA-256 (hex, lower case) of the text normalised so that a
/// Windows checkout is not drift: UTF-8 BOM removed, CRLF turned into LF. The original TypeScript service stored
/// MD5 of the raw file (32 hex digits); those are recognised so its history can be adopted. The statement checksum
/// (<see cref="OfStatements"/>) leaves comments and layout out, so a comment added to an applied file is not drift; it
/// names its algorithm (<c>tokens-v1:</c>), so a later version can change the rules without misreading older rows.
/// </summary>
public static class MigrationChecksum
{
    static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    // One hash object per thread, reset after each use: a one-shot SHA256.HashData sets up a new OpenSSL context per
    // call, which cost more than hashing a small migration file (a tenth of reading a thousand of them, in perf).
    [ThreadStatic]
    static IncrementalHash? _threadSha256;

    /// <summary>SHA-256 of the normalised bytes of a UTF-8 file, as 64 lower-case hex digits.</summary>
    /// <example>The files <c>"a\r\nb"</c>, <c>"\uFEFFa\nb"</c> and <c>"a\nb"</c> all have the same checksum.</example>
    public static string Sha256(ReadOnlySpan<byte> rawFile)
    {
        rawFile = WithoutBom(rawFile);
        var crlf = rawFile.IndexOf("\r\n"u8);
        if (crlf < 0)
            return Hash(rawFile);
        // Copy the file without those CRs and hash it in one call: copying runs at memory speed, while handing the
        // hash one line at a time made it several times slower than the hash alone.
        var buffer = ArrayPool<byte>.Shared.Rent(rawFile.Length);
        try
        {
            var length = 0;
            while (crlf >= 0)
            {
                rawFile[..crlf].CopyTo(buffer.AsSpan(length));
                length += crlf;
                rawFile = rawFile[(crlf + 1)..];
                crlf = rawFile.IndexOf("\r\n"u8);
            }
            rawFile.CopyTo(buffer.AsSpan(length));
            length += rawFile.Length;
            return Hash(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static string Hash(ReadOnlySpan<byte> normalised)
    {
        var sha256 = _threadSha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(normalised);
        Span<byte> digest = stackalloc byte[32];
        sha256.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The algorithm <see cref="OfStatements"/> names in front of its digest.</summary>
    public const string StatementAlgorithm = "tokens-v1";

    const string StatementPrefix = StatementAlgorithm + ":";

    /// <summary>
    /// The statement checksum of a migration's text (BOM already removed): <c>tokens-v1:</c> and the
    /// <see cref="TokenFingerprint"/> of the text, which leaves out comments and the whitespace between tokens.
    /// </summary>
    /// <example><c>"create table t (a int);"</c> and <c>"-- lint:ignore WM101 reason\ncreate table t (a int);\n"</c> have the same one.</example>
    public static string OfStatements(string sql) => StatementPrefix + TokenFingerprint.Of(sql);

    /// <summary>
    /// True when <paramref name="checksum"/> is a statement checksum this version computes, so it can be compared; one
    /// written by another algorithm (or none) cannot, and the file checksum alone decides.
    /// </summary>
    public static bool IsComparableStatementChecksum(string? checksum) =>
        checksum is not null && checksum.StartsWith(StatementPrefix, StringComparison.Ordinal);

    /// <summary>MD5 of the raw bytes, as the original service computed it (32 lower-case hex digits).</summary>
    public static string LegacyMd5(ReadOnlySpan<byte> rawFile) =>
#pragma warning disable CA5351 // MD5 is only compared against history written by the original service, never trusted alone.
        Convert.ToHexStringLower(MD5.HashData(rawFile));
#pragma warning restore CA5351

    /// <summary>True when <paramref name="checksum"/> has the shape of the original service's MD5 checksums.</summary>
    public static bool IsLegacyMd5(string checksum) => checksum.Length == 32 && IsHex(checksum);

    /// <summary>The bytes after a leading UTF-8 byte order mark, if there is one.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> rawFile) =>
        rawFile.StartsWith(Utf8Bom) ? rawFile[Utf8Bom.Length..] : rawFile;

    static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        return true;
    }
}
