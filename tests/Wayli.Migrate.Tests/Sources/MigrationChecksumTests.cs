using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Sources;

public class MigrationChecksumTests
{
    const string Sha256OfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const string Md5OfAbc = "900150983cd24fb0d6963f7d28e17f72";

    static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    static byte[] WithBom(string text) => [.. Bom, .. Utf8(text)];

    static string IndependentSha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Utf8(text)));

#pragma warning disable CA5351 // MD5 is the legacy format under test.
    static string IndependentMd5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351

    [Fact]
    public void Sha256_of_abc_is_the_published_test_vector()
    {
        Assert.Equal(Sha256OfAbc, MigrationChecksum.Sha256(Utf8("abc")));
    }

    [Fact]
    public void Sha256_ignores_a_byte_order_mark()
    {
        Assert.Equal(Sha256OfAbc, MigrationChecksum.Sha256(WithBom("abc")));
    }

    [Fact]
    public void Sha256_is_the_same_for_lf_crlf_and_bom_with_crlf()
    {
        const string lf = "create table t (id int);\ninsert into t values (1);\n";
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        var fromLf = MigrationChecksum.Sha256(Utf8(lf));
        var fromCrlf = MigrationChecksum.Sha256(Utf8(crlf));
        var fromBomCrlf = MigrationChecksum.Sha256(WithBom(crlf));
        var fromBomLf = MigrationChecksum.Sha256(WithBom(lf));

        Assert.Equal(IndependentSha256(lf), fromLf);
        Assert.Equal(fromLf, fromCrlf);
        Assert.Equal(fromLf, fromBomCrlf);
        Assert.Equal(fromLf, fromBomLf);
    }

    [Theory]
    [InlineData("a\r\nb", "a\nb")]
    [InlineData("\r\n", "\n")]
    [InlineData("\r\n\r\n\r\n", "\n\n\n")]
    [InlineData("x\r\n", "x\n")]
    [InlineData("\r\nx", "\nx")]
    [InlineData("a\r\r\nb", "a\r\nb")] // only the CR directly before the LF goes
    [InlineData("a\rb\r\nc", "a\rb\nc")]
    [InlineData("a\r", "a\r")]
    [InlineData("é\r\n😀\r\n", "é\n😀\n")]
    public void Sha256_hashes_the_text_with_each_crlf_turned_into_lf(string raw, string normalised)
    {
        Assert.Equal(IndependentSha256(normalised), MigrationChecksum.Sha256(Utf8(raw)));
        Assert.Equal(IndependentSha256(normalised), MigrationChecksum.Sha256(WithBom(raw)));
    }

    [Fact]
    public void A_lone_cr_is_kept_so_it_differs_from_lf()
    {
        var loneCr = MigrationChecksum.Sha256(Utf8("a\rb"));

        Assert.NotEqual(MigrationChecksum.Sha256(Utf8("a\nb")), loneCr);
        Assert.NotEqual(MigrationChecksum.Sha256(Utf8("ab")), loneCr);
        Assert.Equal(IndependentSha256("a\rb"), loneCr);
    }

    [Fact]
    public void A_bom_in_the_middle_of_the_file_is_content()
    {
        var text = "a\uFEFFb";

        Assert.Equal(IndependentSha256(text), MigrationChecksum.Sha256(Utf8(text)));
        Assert.NotEqual(IndependentSha256("ab"), MigrationChecksum.Sha256(Utf8(text)));
    }

    [Fact]
    public void Sha256_of_an_empty_file_and_of_a_bare_bom_is_the_hash_of_nothing()
    {
        var empty = IndependentSha256("");

        Assert.Equal(empty, MigrationChecksum.Sha256([]));
        Assert.Equal(empty, MigrationChecksum.Sha256(Bom));
    }

    [Fact]
    public void Sha256_is_64_lower_case_hex_digits()
    {
        var checksum = MigrationChecksum.Sha256(Utf8("select 1;"));

        Assert.Matches("^[0-9a-f]{64}$", checksum);
    }

    [Fact]
    public void LegacyMd5_of_abc_is_the_published_test_vector()
    {
        Assert.Equal(Md5OfAbc, MigrationChecksum.LegacyMd5(Utf8("abc")));
    }

    [Fact]
    public void LegacyMd5_hashes_the_raw_bytes_including_bom_and_crlf()
    {
        var raw = WithBom("select 1;\r\nselect 2;\r\n");

        var md5 = MigrationChecksum.LegacyMd5(raw);

        Assert.Equal(IndependentMd5(raw), md5);
        Assert.NotEqual(IndependentMd5(Utf8("select 1;\nselect 2;\n")), md5);
        Assert.NotEqual(IndependentMd5(Utf8("select 1;\r\nselect 2;\r\n")), md5);
        Assert.NotEqual(md5, MigrationChecksum.LegacyMd5(Utf8("select 1;\r\nselect 2;\r\n")));
    }

    [Theory]
    [InlineData(Md5OfAbc, true)]
    [InlineData("900150983CD24FB0D6963F7D28E17F72", true)]
    [InlineData("00000000000000000000000000000000", true)]
    [InlineData(Sha256OfAbc, false)]
    [InlineData("900150983cd24fb0d6963f7d28e17f7", false)] // 31 digits
    [InlineData("900150983cd24fb0d6963f7d28e17f720", false)] // 33 digits
    [InlineData("900150983cd24fb0d6963f7d28e17f7g", false)] // not hex
    [InlineData(" 900150983cd24fb0d6963f7d28e17f7", false)]
    [InlineData("", false)]
    public void IsLegacyMd5_recognises_exactly_32_hex_digits(string checksum, bool expected)
    {
        Assert.Equal(expected, MigrationChecksum.IsLegacyMd5(checksum));
    }

    [Fact]
    public void WithoutBom_strips_only_a_leading_bom()
    {
        Assert.Equal(Utf8("abc"), MigrationChecksum.WithoutBom(WithBom("abc")).ToArray());
        Assert.Equal(Utf8("abc"), MigrationChecksum.WithoutBom(Utf8("abc")).ToArray());
        Assert.Equal(WithBom("x"), MigrationChecksum.WithoutBom([.. Bom, .. WithBom("x")]).ToArray());
        Assert.Equal(new byte[] { 0xEF, 0xBB }, MigrationChecksum.WithoutBom(new byte[] { 0xEF, 0xBB }).ToArray());
    }
}
