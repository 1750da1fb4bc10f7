namespace Wayli.Migrate.Benchmarks;

/// <summary>How the lines of a benchmark input end: the checksum normalises CRLF to LF, so both are measured.</summary>
public enum LineEnding
{
    /// <summary>Unix line ends (<c>\n</c>): the checksum hashes the bytes in one call.</summary>
    Lf,

    /// <summary>Windows line ends (<c>\r\n</c>): the checksum hashes the pieces between the CRs.</summary>
    Crlf,
}
