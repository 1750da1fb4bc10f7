using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Tests.Sql;

/// <summary>
/// The fingerprint behind statement checksums and lint baselines: comments and layout are not part of it, everything
/// PostgreSQL acts on is. Stored checksums depend on it, so its algorithm is pinned by a test vector.
/// </summary>
public sealed class TokenFingerprintTests
{
    const string Table = "CREATE TABLE public.trips (\n    id bigint PRIMARY KEY,\n    title text NOT NULL DEFAULT 'untitled'\n);\n";

    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void The_algorithm_is_sha256_over_each_token_and_a_nul()
    {
        Assert.Equal(Sha256("select\u00001\u0000;\u0000"), TokenFingerprint.Of("select 1;"));
        Assert.Equal("tokens-v1:" + Sha256("select\u00001\u0000;\u0000"), MigrationChecksum.OfStatements("-- one\nselect 1; /* done */\n"));
    }

    [Theory]
    [InlineData("-- lint:ignore WM101 the table is new\n" + Table)]
    [InlineData(Table + "-- done\n")]
    [InlineData("/* a block comment\n   over lines */ CREATE TABLE public.trips (id bigint PRIMARY KEY, -- the key\n title text NOT NULL DEFAULT 'untitled');")]
    [InlineData("CREATE   TABLE public.trips(\n\tid bigint PRIMARY KEY,title text NOT NULL DEFAULT 'untitled')\n;")]
    [InlineData("CREATE TABLE public.trips (\r\n    id bigint PRIMARY KEY,\r\n    title text NOT NULL DEFAULT 'untitled'\r\n);\r\n")]
    public void Comments_layout_and_line_endings_between_tokens_are_not_part_of_it(string variant)
    {
        Assert.Equal(TokenFingerprint.Of(Table), TokenFingerprint.Of(variant));
    }

    [Theory]
    [InlineData("CREATE TABLE public.trips (\n    id integer PRIMARY KEY,\n    title text NOT NULL DEFAULT 'untitled'\n);\n")]
    [InlineData("CREATE TABLE public.trips (\n    id bigint PRIMARY KEY,\n    title text NOT NULL DEFAULT 'Untitled'\n);\n")]
    [InlineData("CREATE TABLE public.trips (\n    id bigint PRIMARY KEY,\n    title text NOT NULL DEFAULT 'untitled '\n);\n")]
    [InlineData("CREATE TABLE public.\"trips\" (\n    id bigint PRIMARY KEY,\n    title text NOT NULL DEFAULT 'untitled'\n);\n")]
    [InlineData("create table public.trips (\n    id bigint primary key,\n    title text not null default 'untitled'\n);\n")]
    [InlineData("CREATE TABLE public.trips (\n    id bigint PRIMARY KEY,\n    title text NOT NULL DEFAULT 'untitled'\n)\n")]
    [InlineData("-- migrate:no-transaction\n" + Table)]
    public void A_change_to_what_postgresql_reads_is_part_of_it(string variant)
    {
        Assert.NotEqual(TokenFingerprint.Of(Table), TokenFingerprint.Of(variant));
    }

    [Theory]
    [InlineData("SELECT '-- not a comment';", "SELECT '-- not  a comment';")]
    [InlineData("SELECT 'a\nb';", "SELECT 'a\n b';")]
    [InlineData("SELECT \"odd name\" FROM t;", "SELECT \"odd  name\" FROM t;")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 -- one\n$$;", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 -- uno\n$$;")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT  1 $$;")]
    [InlineData("-- migrate:no-transaction\nSELECT 1;", "-- migrate:transaction\nSELECT 1;")]
    [InlineData("-- migrate:no-transaction\nSELECT 1;", "SELECT 1;")]
    public void Strings_quoted_identifiers_function_bodies_and_directives_are_kept_exactly(string before, string after)
    {
        Assert.NotEqual(TokenFingerprint.Of(before), TokenFingerprint.Of(after));
    }

    [Theory]
    // One operator against two, which PostgreSQL refuses.
    [InlineData("SELECT 1 <= 2;", "SELECT 1 < = 2;")]
    [InlineData("SELECT 1 <= 2;", "SELECT 1 </* x */= 2;")]
    [InlineData("SELECT a::int FROM t;", "SELECT a: :int FROM t;")]
    // A number against a dot and a number.
    [InlineData("SELECT .5;", "SELECT . 5;")]
    // Two string constants on two lines are one; on one line they are an error.
    [InlineData("SELECT 'a'\n'b';", "SELECT 'a' 'b';")]
    public void Whitespace_counts_where_postgresql_reads_it(string before, string after)
    {
        Assert.NotEqual(TokenFingerprint.Of(before), TokenFingerprint.Of(after));
    }

    [Theory]
    [InlineData("SELECT 1 <= 2;", "SELECT 1<=2;")]
    [InlineData("SELECT 'a'\n'b';", "SELECT 'a' -- joined\n  'b';")]
    [InlineData("SELECT a , b FROM t;", "SELECT a,b FROM t;")]
    [InlineData("-- migrate:no-transaction\nSELECT 1;", "--  migrate:no-transaction   \r\n\nSELECT 1;")]
    public void Whitespace_elsewhere_does_not_count(string before, string after)
    {
        Assert.Equal(TokenFingerprint.Of(before), TokenFingerprint.Of(after));
    }

    [Fact]
    public void A_body_longer_than_a_chunk_with_surrogate_pairs_across_chunk_ends_hashes_as_utf8()
    {
        // 😀 is a surrogate pair: an odd prefix puts one across every 8192-character boundary.
        var body = "$$x" + string.Concat(Enumerable.Repeat("😀", 9000)) + "\r\n$$";
        var sql = "SELECT " + body + ";";

        Assert.Equal(Sha256("SELECT\0" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\0;\0"), TokenFingerprint.Of(sql));
    }

    [Fact]
    public void Random_scripts_keep_their_fingerprint_when_comments_go_into_every_gap_and_lose_it_when_a_quoted_character_changes()
    {
        var changedQuotes = 0;
        for (var seed = 0; seed < 500; seed++)
        {
            var script = new RandomScriptGenerator(seed).Generate();
            var commented = new System.Text.StringBuilder();
            var scanner = new SqlScanner(script);
            string? changedQuote = null;
            while (scanner.Next(out var token))
            {
                var text = script.Substring(token.Start, token.Length);
                // Only existing gaps get a comment, keeping whether they held a line break.
                commented.Append(token.Kind != SqlTokenKind.Whitespace ? text
                    : text.Contains('\n', StringComparison.Ordinal) ? "\n/* a note */\r\n  " : " /* a note */\t");
                if (changedQuote is null && token.Kind == SqlTokenKind.String && !token.Unterminated && token.Length > 2)
                    changedQuote = script.Remove(token.Start + 1, 1).Insert(token.Start + 1, script[token.Start + 1] == 'x' ? "y" : "x");
            }

            Assert.True(TokenFingerprint.Of(script) == TokenFingerprint.Of(commented.ToString()), $"seed {seed}:\n{script}\n---\n{commented}");
            if (changedQuote is null)
                continue;
            changedQuotes++;
            Assert.True(TokenFingerprint.Of(script) != TokenFingerprint.Of(changedQuote), $"seed {seed}: a changed string kept its fingerprint\n{script}");
        }
        Assert.True(changedQuotes >= 100, $"only {changedQuotes} scripts had a string to change");
    }

    [Fact]
    public void Text_that_does_not_lex_still_has_a_fingerprint()
    {
        Assert.NotEqual(TokenFingerprint.Of("SELECT 'open"), TokenFingerprint.Of("SELECT 'open "));
        Assert.Equal(TokenFingerprint.Of(""), TokenFingerprint.Of("  -- nothing\n/* at all */"));
    }
}
