namespace Wayli.Migrate.Cli.Rendering;

/// <summary>The secrets of a run (passwords), registered as soon as they are seen so no output can contain them.</summary>
public sealed class SecretList
{
    readonly List<string> _secrets = [];
    readonly Lock _gate = new();

    /// <summary>Adds a secret; empty strings and very short ones (which would mangle ordinary text) are ignored.</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 3)
            return;
        lock (_gate)
        {
            if (!_secrets.Contains(secret))
            {
                _secrets.Add(secret);
                // Longest first, so a secret that starts another cannot leave the other's tail visible.
                _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    /// <summary>Adds what looks like the password in a URL or keyword string, even one that will not parse.</summary>
    public void AddFromConnectionText(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var at = text.LastIndexOf('@');
            var colon = text.IndexOf(':', scheme + 3);
            if (at > 0 && colon > 0 && colon < at)
            {
                var raw = text[(colon + 1)..at];
                Add(raw);
                Add(Uri.UnescapeDataString(raw));
            }
        }
        // Keyword strings separate pairs with ';', URL query strings with '&'.
        var query = text.IndexOf('?', StringComparison.Ordinal);
        foreach (var part in text.Split(';').Concat(query < 0 ? [] : text[(query + 1)..].Split('&')))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim() is var key
                && (key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)))
            {
                var value = part[(equals + 1)..].Trim().Trim('\'', '"');
                Add(value);
                Add(Uri.UnescapeDataString(value.Replace('+', ' ')));
            }
        }
    }

    /// <summary>Replaces every registered secret in <paramref name="text"/> with <c>***</c>.</summary>
    public string Redact(string text)
    {
        lock (_gate)
        {
            foreach (var secret in _secrets)
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text;
    }
}
