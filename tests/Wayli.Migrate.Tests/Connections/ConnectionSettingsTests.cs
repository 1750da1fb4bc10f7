using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;

namespace Wayli.Migrate.Tests.Connections;

public class ConnectionSettingsTests
{
    const string Secret = "hunter2xyz";

    static MigrateException ParseFails(string text)
    {
        var failure = Assert.Throws<MigrateException>(() => ConnectionSettings.Parse(text));
        Assert.Equal(FailureKind.Usage, failure.Kind);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.ToString(), StringComparison.Ordinal);
        return failure;
    }

    [Theory]
    [InlineData("postgres://")]
    [InlineData("postgresql://")]
    [InlineData("POSTGRES://")]
    public void A_url_gives_every_part(string scheme)
    {
        var settings = ConnectionSettings.Parse(
            scheme + "alice:p%40ss%3Aw%2Frd@db.example.com:6543/app?sslmode=require&application_name=billing&connect_timeout=7");

        Assert.Equal("alice", settings.Username);
        Assert.Equal("p@ss:w/rd", settings.Password);
        Assert.Equal("db.example.com", settings.Builder.Host);
        Assert.Equal(6543, settings.Builder.Port);
        Assert.Equal("app", settings.Builder.Database);
        Assert.Equal(SslMode.Require, settings.Builder.SslMode);
        Assert.Equal("billing", settings.Builder.ApplicationName);
        Assert.Equal(7, settings.Builder.Timeout);
    }

    [Theory]
    [InlineData("p%23ss", "p#ss")]
    [InlineData("p%25ss", "p%ss")]
    [InlineData("p%3Bss", "p;ss")]
    [InlineData("p%20ss", "p ss")]
    [InlineData("p%C3%A9ss", "péss")]
    [InlineData("plain", "plain")]
    public void Percent_encoded_passwords_are_decoded(string encoded, string password)
    {
        var settings = ConnectionSettings.Parse($"postgres://bob:{encoded}@localhost/db");

        Assert.Equal(password, settings.Password);
        Assert.Equal("bob", settings.Username);
    }

    [Fact]
    public void A_percent_encoded_user_and_database_are_decoded()
    {
        var settings = ConnectionSettings.Parse("postgres://us%40er@h/my%20db");

        Assert.Equal("us@er", settings.Username);
        Assert.Equal("my db", settings.Builder.Database);
        Assert.Null(settings.Password);
    }

    [Fact]
    public void A_url_without_port_uses_the_default_port()
    {
        var settings = ConnectionSettings.Parse("postgres://u@h/d");

        Assert.Equal(5432, settings.Builder.Port);
        Assert.Equal("h", settings.Builder.Host);
    }

    [Fact]
    public void A_url_without_a_password_has_none()
    {
        var settings = ConnectionSettings.Parse("postgres://u@h:5432/d");

        Assert.Null(settings.Password);
        Assert.Equal("u", settings.Username);
    }

    [Fact]
    public void An_empty_password_after_the_colon_is_kept_as_empty()
    {
        var settings = ConnectionSettings.Parse("postgres://u:@h/d");

        Assert.Equal("u", settings.Username);
        Assert.True(string.IsNullOrEmpty(settings.Password));
    }

    [Fact]
    public void An_ipv6_host_loses_its_brackets()
    {
        var settings = ConnectionSettings.Parse("postgres://u:pw@[::1]:5433/d");

        Assert.Equal("::1", settings.Builder.Host);
        Assert.Equal(5433, settings.Builder.Port);
        Assert.Equal("d", settings.Builder.Database);
    }

    [Theory]
    [InlineData("postgres://u@localhost/d?host=/var/run/postgresql")]
    [InlineData("postgres://u@localhost/d?host=%2Fvar%2Frun%2Fpostgresql")]
    [InlineData("postgresql:///d?host=/var/run/postgresql&user=u")]
    public void The_host_parameter_names_a_unix_socket_folder(string url)
    {
        var settings = ConnectionSettings.Parse(url);

        Assert.Equal("/var/run/postgresql", settings.Builder.Host);
        Assert.Equal("d", settings.Builder.Database);
        Assert.Equal("u", settings.Username);
    }

    [Fact]
    public void Query_parameters_can_carry_user_password_port_and_database()
    {
        var settings = ConnectionSettings.Parse("postgres://h?user=carol&password=s%26cret&port=6000&dbname=inventory");

        Assert.Equal("carol", settings.Username);
        Assert.Equal("s&cret", settings.Password);
        Assert.Equal(6000, settings.Builder.Port);
        Assert.Equal("inventory", settings.Builder.Database);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("REQUIRE", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Every_libpq_sslmode_is_understood(string value, SslMode mode)
    {
        Assert.Equal(mode, ConnectionSettings.Parse($"postgres://u@h/d?sslmode={value}").Builder.SslMode);
    }

    [Fact]
    public void A_plus_in_a_query_value_is_a_space()
    {
        var settings = ConnectionSettings.Parse("postgres://u@h/d?application_name=nightly+job");

        Assert.Equal("nightly job", settings.Builder.ApplicationName);
    }

    [Fact]
    public void A_keyword_string_gives_every_part()
    {
        var settings = ConnectionSettings.Parse("Host=h;Username=u;Password=secret;Database=d");

        Assert.Equal("h", settings.Builder.Host);
        Assert.Equal("u", settings.Username);
        Assert.Equal("secret", settings.Password);
        Assert.Equal("d", settings.Builder.Database);
        Assert.Equal(5432, settings.Builder.Port);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        var settings = ConnectionSettings.Parse("  postgres://u:pw@h/d\n");

        Assert.Equal("h", settings.Builder.Host);
        Assert.Equal("d", settings.Builder.Database);
    }

    [Theory]
    [InlineData("postgres://u:pw@h/d")]
    [InlineData("Host=h;Username=u;Password=pw;Database=d")]
    public void The_application_name_defaults_to_wayli_migrate(string text)
    {
        Assert.Equal("wayli-migrate", ConnectionSettings.Parse(text).Builder.ApplicationName);
        Assert.Equal(ConnectionSettings.DefaultApplicationName, ConnectionSettings.Parse(text).Builder.ApplicationName);
    }

    [Fact]
    public void A_given_application_name_is_kept_in_keyword_form()
    {
        Assert.Equal("mine", ConnectionSettings.Parse("Host=h;Application Name=mine").Builder.ApplicationName);
    }

    [Theory]
    [InlineData("postgres://u:pw@h/d")]
    [InlineData("Host=h;Username=u;Password=pw;Database=d;Pooling=true")]
    public void Pooling_and_enlisting_are_always_off(string text)
    {
        var settings = ConnectionSettings.Parse(text);

        Assert.False(settings.Builder.Pooling);
        Assert.False(settings.Builder.Enlist);
    }

    [Theory]
    [InlineData("postgres://alice:" + Secret + "@db.example.com:6543/app", "alice@db.example.com:6543/app")]
    [InlineData("Host=db;Username=bob;Password=" + Secret + ";Database=app", "bob@db:5432/app")]
    [InlineData("Host=db;Password=" + Secret, "(default user)@db:5432/(default database)")]
    public void Display_names_the_database_without_the_password(string text, string display)
    {
        var settings = ConnectionSettings.Parse(text);

        Assert.Equal(display, settings.Display);
        Assert.DoesNotContain(Secret, settings.Display, StringComparison.Ordinal);
        Assert.Equal(Secret, settings.Password);
    }

    [Fact]
    public void WithDatabase_changes_only_the_database()
    {
        var settings = ConnectionSettings.Parse("postgres://u:pw@h:6000/first?application_name=x");

        var other = settings.WithDatabase("second");

        Assert.Equal("second", other.Builder.Database);
        Assert.Equal("first", settings.Builder.Database);
        Assert.Equal("pw", other.Password);
        Assert.Equal(6000, other.Builder.Port);
        Assert.Equal("x", other.Builder.ApplicationName);
        Assert.False(other.Builder.Pooling);
    }

    [Fact]
    public void An_unknown_query_parameter_is_rejected_without_repeating_the_password()
    {
        var failure = ParseFails($"postgres://u:{Secret}@h/d?frobnicate=1");

        Assert.Contains("frobnicate", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_sslmode_is_rejected()
    {
        var failure = ParseFails($"postgres://u:{Secret}@h/d?sslmode=sometimes");

        Assert.Contains("sslmode", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("port=abc")]
    [InlineData("port=-1")]
    [InlineData("connect_timeout=soon")]
    [InlineData("port=99999999999")]
    public void A_non_numeric_number_parameter_is_rejected(string parameter)
    {
        var failure = ParseFails($"postgres://u:{Secret}@h/d?{parameter}");

        Assert.Contains(parameter[..parameter.IndexOf('=', StringComparison.Ordinal)], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_parameter_without_value_is_rejected()
    {
        ParseFails($"postgres://u:{Secret}@h/d?sslmode");
    }

    [Fact]
    public void A_malformed_url_is_rejected_without_repeating_it()
    {
        ParseFails($"postgres://u:{Secret}@h:notaport/d");
    }

    [Fact]
    public void A_malformed_keyword_string_is_rejected_without_repeating_the_password()
    {
        ParseFails($"Host=h;Password={Secret};;==");
    }

    [Fact]
    public void An_unknown_keyword_is_rejected_without_repeating_the_password()
    {
        var failure = ParseFails($"Host=h;Password={Secret};Flavour=vanilla");

        Assert.Contains("flavour", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_bad_keyword_value_is_rejected_without_repeating_the_password()
    {
        ParseFails($"Host=h;Password={Secret};Port=lots");
    }

    [Fact]
    public void Text_that_is_neither_form_is_rejected()
    {
        ParseFails(Secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_text_is_rejected(string text)
    {
        var failure = ParseFails(text);

        Assert.Contains("empty", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => ConnectionSettings.Parse(null!));
    }
}
