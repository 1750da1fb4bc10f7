using Wayli.Migrate.Cli.Rendering;

namespace Wayli.Migrate.Tests.Cli;

public sealed class RedactingWriterTests : IDisposable
{
    const string Password = "hunter2xyz";

    readonly StringWriter _output = new() { NewLine = "\n" };
    readonly RedactingWriter _writer;

    public RedactingWriterTests()
    {
        var secrets = new SecretList();
        secrets.Add(Password);
        _writer = new RedactingWriter(_output, secrets) { NewLine = "\n" };
    }

    public void Dispose()
    {
        _writer.Dispose();
        _output.Dispose();
    }

    string Output()
    {
        _writer.Flush();
        return _output.ToString();
    }

    [Fact]
    public void A_whole_line_is_redacted()
    {
        _writer.WriteLine($"connecting with {Password}");

        Assert.Equal("connecting with ***\n", Output());
    }

    [Fact]
    public void A_password_written_char_by_char_never_appears()
    {
        foreach (var c in $"pw={Password}!")
            _writer.Write(c);
        _writer.Write('\n');

        Assert.Equal("pw=***!\n", Output());
    }

    [Fact]
    public void A_password_written_char_by_char_is_not_written_before_the_line_ends()
    {
        foreach (var c in Password[..5])
            _writer.Write(c);

        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public void A_password_split_across_writes_within_a_line_never_appears()
    {
        _writer.Write("pw=");
        _writer.Write(Password[..4]);
        _writer.Write(Password[4..7]);
        _writer.Write(Password[7..]);
        _writer.WriteLine(" done");

        Assert.Equal("pw=*** done\n", Output());
    }

    [Fact]
    public void A_password_split_between_write_and_char_writes_never_appears()
    {
        _writer.Write(Password[..3]);
        foreach (var c in Password[3..])
            _writer.Write(c);
        _writer.WriteLine();

        Assert.DoesNotContain(Password, Output(), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_a_line_end_is_written_on_flush()
    {
        _writer.Write($"last words {Password}");

        Assert.Equal("last words ***", Output());
    }

    [Fact]
    public void Disposing_flushes_what_is_pending()
    {
        _writer.Write("pending");
        _writer.Dispose();

        Assert.Equal("pending", _output.ToString());
    }

    [Fact]
    public void Formatted_and_char_array_writes_are_redacted()
    {
        _writer.Write("{0}-{1}", Password, Password);
        _writer.Write(Password.ToCharArray());
        _writer.Write(Password.AsSpan());
        _writer.WriteLine();

        Assert.Equal("***-*********\n", Output());
    }

    [Fact]
    public async Task Async_writes_are_redacted()
    {
        await _writer.WriteAsync(Password[..4]);
        await _writer.WriteAsync(Password[4..]);
        await _writer.WriteLineAsync($" {Password}");

        Assert.Equal("*** ***\n", Output());
    }

    [Fact]
    public void Several_lines_in_one_write_are_all_redacted()
    {
        _writer.Write($"a {Password}\nb {Password}\n");

        Assert.Equal("a ***\nb ***\n", Output());
    }

    [Fact]
    public void A_password_split_after_a_newline_inside_a_write_never_appears()
    {
        _writer.Write($"first line\npw={Password[..4]}");
        _writer.Write(Password[4..]);
        _writer.WriteLine();

        Assert.DoesNotContain(Password, Output(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_encoding_is_the_inner_writers()
    {
        Assert.Equal(_output.Encoding, _writer.Encoding);
    }
}
