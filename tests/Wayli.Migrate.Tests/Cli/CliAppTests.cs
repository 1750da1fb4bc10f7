using Wayli.Migrate.Cli;

namespace Wayli.Migrate.Tests.Cli;

public sealed class CliAppTests : IDisposable
{
    const string Password = "hunter2xyz";

    readonly StringWriter _output = new();
    readonly StringWriter _error = new();
    readonly CliContext _context;

    public CliAppTests() =>
        _context = new CliContext(_output, _error, _ => null, Path.GetTempPath());

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_before_any_database_work()
    {
        var exitCode = await CliApp.RunAsync(["status", "--no-such-option"], _context, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--no-such-option", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_given_without_its_option_is_not_echoed_with_its_password()
    {
        var exitCode = await CliApp.RunAsync(["status", $"postgres://app:{Password}@db.example.com/app"], _context, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.DoesNotContain(Password, _error.ToString() + _output.ToString(), StringComparison.Ordinal);
    }
}
