using System.Text;

namespace Wayli.Migrate.Conversion;

/// <summary>
/// The checksum Flyway records for a SQL file: CRC-32 over the UTF-8 bytes of each line without its line ending (so
/// line endings do not count), a byte order mark removed, as a signed 32-bit number. Adopting Flyway's history compares
/// it, so a repeatable migration changed since Flyway last applied it is applied again.
/// </summary>
public static class FlywayChecksum
{
    static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of a file's text.</summary>
    /// <example>The texts <c>"a\r\nb"</c> and <c>"a\nb"</c> have the same checksum.</example>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var crc = 0xFFFFFFFFu;
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        while (reader.ReadLine() is { } line)
        {
            foreach (var b in Encoding.UTF8.GetBytes(line))
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return unchecked((int)~crc);
    }

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
