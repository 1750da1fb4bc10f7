using Wayli.Migrate.Cli.Rendering;

namespace Wayli.Migrate.Tests.Cli;

public class SecretListTests
{
    [Fact]
    public void A_registered_secret_is_replaced_everywhere()
    {
        var secrets = new SecretList();
        secrets.Add("hunter2");

        var redacted = secrets.Redact("password hunter2 failed; retry with hunter2");

        Assert.Equal("password *** failed; retry with ***", redacted);
    }

    [Fact]
    public void Text_without_secrets_is_unchanged()
    {
        var secrets = new SecretList();
        secrets.Add("hunter2");

        Assert.Equal("nothing to hide", secrets.Redact("nothing to hide"));
    }

    [Fact]
    public void Matching_is_case_sensitive()
    {
        var secrets = new SecretList();
        secrets.Add("Hunter2");

        Assert.Equal("hunter2 ***", secrets.Redact("hunter2 Hunter2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    public void Short_secrets_are_ignored_so_ordinary_text_survives(string? secret)
    {
        var secrets = new SecretList();
        secrets.Add(secret);

        Assert.Equal("a table about abbey roads", secrets.Redact("a table about abbey roads"));
    }

    [Fact]
    public void Three_characters_is_long_enough()
    {
        var secrets = new SecretList();
        secrets.Add("abc");

        Assert.Equal("x***y", secrets.Redact("xabcy"));
    }

    [Fact]
    public void Adding_the_same_secret_twice_is_harmless()
    {
        var secrets = new SecretList();
        secrets.Add("hunter2");
        secrets.Add("hunter2");

        Assert.Equal("***", secrets.Redact("hunter2"));
    }

    [Fact]
    public void Several_secrets_are_all_replaced()
    {
        var secrets = new SecretList();
        secrets.Add("first-secret");
        secrets.Add("second-secret");

        var redacted = secrets.Redact("first-secret and second-secret");

        Assert.DoesNotContain("first-secret", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://alice:s3cretpw@db:5432/app", "s3cretpw")]
    [InlineData("postgresql://alice:s3cretpw@db/app?sslmode=require", "s3cretpw")]
    [InlineData("postgres://alice:s3cretpw@[::1]:5432/app", "s3cretpw")]
    [InlineData("Host=db;Username=alice;Password=s3cretpw;Database=app", "s3cretpw")]
    [InlineData("Host=db;password = s3cretpw ;Database=app", "s3cretpw")]
    [InlineData("Host=db;PWD=s3cretpw", "s3cretpw")]
    [InlineData("Host=db;Password='s3cretpw'", "s3cretpw")]
    [InlineData("Host=db;Password=\"s3cretpw\"", "s3cretpw")]
    public void AddFromConnectionText_finds_the_password(string text, string password)
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText(text);

        var redacted = secrets.Redact($"cannot connect with {password} to {text}");

        Assert.DoesNotContain(password, redacted, StringComparison.Ordinal);
        Assert.Contains("cannot connect with ***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFromConnectionText_registers_both_the_encoded_and_the_decoded_password()
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText("postgres://alice:p%40ss%3Aw%2Frd@db/app");

        Assert.Equal("url *** text ***", secrets.Redact("url p%40ss%3Aw%2Frd text p@ss:w/rd"));
    }

    [Fact]
    public void AddFromConnectionText_works_on_a_url_that_will_not_parse()
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText("postgres://alice:hunter2xyz@db:notaport/app?bogus");

        Assert.Equal("pw ***", secrets.Redact("pw hunter2xyz"));
    }

    [Fact]
    public void AddFromConnectionText_without_a_password_registers_nothing()
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText("postgres://alice@db:5432/app");
        secrets.AddFromConnectionText("Host=db;Username=alice;Database=app");
        secrets.AddFromConnectionText(null);
        secrets.AddFromConnectionText("");

        const string text = "alice@db:5432/app Host=db Username=alice Database=app";
        Assert.Equal(text, secrets.Redact(text));
    }

    [Theory]
    [InlineData("postgres://alice@db/app?password=hunter2xyz")]
    [InlineData("postgres://db/app?user=alice&password=hunter2xyz&sslmode=bogus")]
    public void AddFromConnectionText_finds_a_password_query_parameter(string text)
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText(text);

        Assert.DoesNotContain("hunter2xyz", secrets.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void AddFromConnectionText_ignores_a_short_password()
    {
        var secrets = new SecretList();
        secrets.AddFromConnectionText("Host=db;Password=pw");

        Assert.Equal("pw is short", secrets.Redact("pw is short"));
    }
}
