using System.Security.Cryptography;
using System.Text;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;

namespace Wayli.Migrate.Tests.History;

public class HistoryTableTests
{
    [Fact]
    public void The_default_is_public_database_migrations()
    {
        var table = new HistoryTable();

        Assert.Equal("public", table.Schema);
        Assert.Equal("database_migrations", table.Name);
        Assert.Equal("public.database_migrations", table.ToString());
        Assert.Equal("\"public\".\"database_migrations\"", table.Quoted);
    }

    [Fact]
    public void A_configured_name_is_quoted_keeping_its_case()
    {
        var table = new HistoryTable("Ops", "Schema_History2");

        Assert.Equal("\"Ops\".\"Schema_History2\"", table.Quoted);
        Assert.Equal("Ops.Schema_History2", table.ToString());
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("")]
    [InlineData("a\"b")]
    [InlineData("\"a\"")]
    [InlineData("a$b")]
    [InlineData("a b")]
    [InlineData(" a")]
    [InlineData("1abc")]
    [InlineData("a.b")]
    [InlineData("a-b")]
    [InlineData("a'b")]
    [InlineData("tablé")]
    [InlineData("a\u0661")] // ARABIC-INDIC DIGIT ONE
    public void Names_other_than_letters_digits_and_underscores_are_rejected(string bad)
    {
        var asTable = Assert.Throws<MigrateException>(() => new HistoryTable(HistoryTable.DefaultSchema, bad));
        var asSchema = Assert.Throws<MigrateException>(() => new HistoryTable(bad, HistoryTable.DefaultName));

        Assert.Equal(FailureKind.Usage, asTable.Kind);
        Assert.Equal(FailureKind.Usage, asSchema.Kind);
        Assert.Contains("table", asTable.Message, StringComparison.Ordinal);
        Assert.Contains("schema", asSchema.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_name_is_rejected()
    {
        Assert.Equal(FailureKind.Usage, Assert.Throws<MigrateException>(() => new HistoryTable("public", null!)).Kind);
    }

    [Fact]
    public void Sixty_three_characters_is_the_longest_name()
    {
        var longest = new string('a', 63);

        Assert.Equal(longest, new HistoryTable(longest, longest).Name);
        Assert.Throws<MigrateException>(() => new HistoryTable("public", longest + "a"));
        Assert.Throws<MigrateException>(() => new HistoryTable(longest + "a", "t"));
    }

    [Theory]
    [InlineData("_private")]
    [InlineData("t1")]
    [InlineData("x")]
    public void Underscore_first_and_digits_after_the_first_character_are_fine(string name)
    {
        Assert.Equal(name, new HistoryTable("public", name).Name);
    }

    [Fact]
    public void The_lock_key_is_stable_for_the_same_name()
    {
        Assert.Equal(new HistoryTable().LockKey, new HistoryTable().LockKey);
        Assert.Equal(new HistoryTable("ops", "history").LockKey, new HistoryTable("ops", "history").LockKey);
    }

    [Fact]
    public void The_lock_key_is_the_documented_hash_prefix()
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("wayli-migrate:public.database_migrations"));

        Assert.Equal(BitConverter.ToInt64(hash, 0), new HistoryTable().LockKey);
    }

    [Fact]
    public void Different_tables_have_different_lock_keys()
    {
        var keys = new[]
        {
            new HistoryTable().LockKey,
            new HistoryTable("public", "other_migrations").LockKey,
            new HistoryTable("tenant1", "database_migrations").LockKey,
            new HistoryTable("public", "Database_migrations").LockKey,
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Tables_with_the_same_parts_are_equal()
    {
        Assert.Equal(new HistoryTable("a", "b"), new HistoryTable("a", "b"));
        Assert.NotEqual(new HistoryTable("a", "b"), new HistoryTable("b", "a"));
    }
}
