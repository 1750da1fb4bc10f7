using System.Text;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// A writer that scrubs secrets from everything written through it. Text is redacted a whole write at a time,
/// and single characters are buffered to the end of the line, so a password can never slip out split in pieces.
/// </summary>
/// <param name="inner">The real stream.</param>
/// <param name="secrets">What to scrub.</param>
/// <param name="rewrite">A further rewrite of each line once it is scrubbed (paths shown as given), or null.</param>
public sealed class RedactingWriter(TextWriter inner, SecretList secrets, Func<string, string>? rewrite = null) : TextWriter
{
    readonly StringBuilder _pending = new();

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        _pending.Append(value);
        if (value == '\n')
            WriteCompleteLines();
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null)
            return;
        _pending.Append(value);
        if (value.Contains('\n', StringComparison.Ordinal))
            WriteCompleteLines();
    }

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        _pending.Append(value).Append(CoreNewLine);
        WriteCompleteLines();
    }

    /// <summary>Writes out everything up to the last line break; the rest may still be the start of a secret.</summary>
    void WriteCompleteLines()
    {
        var text = _pending.ToString();
        var end = text.LastIndexOf('\n') + 1;
        inner.Write(Filter(text[..end]));
        _pending.Remove(0, end);
    }

    /// <inheritdoc />
    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            inner.Write(Filter(_pending.ToString()));
            _pending.Clear();
        }
        inner.Flush();
    }

    string Filter(string text)
    {
        var scrubbed = secrets.Redact(text);
        return rewrite is null ? scrubbed : rewrite(scrubbed);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }
}
