using System.CommandLine;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// The <c>--format</c> option of commands that write more than text and JSON (SARIF for code scanning, markdown for a
/// pull-request comment), and the renderer each format picks.
/// </summary>
internal static class OutputFormat
{
    /// <summary>An option accepting <paramref name="formats"/>, <c>text</c> by default.</summary>
    public static Option<string> Create(string description, params string[] formats)
    {
        var option = new Option<string>("--format") { Description = description, DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>The renderer of a whole-document format, or null for text and JSON (which <see cref="CommandRunner"/> writes itself).</summary>
    public static Func<T, string>? Document<T>(string format, CliContext context)
        where T : notnull => format switch
        {
            "markdown" => result => MarkdownOutput.Write(result),
            "sarif" => result => result is Runs.DriftResult drift ? SarifReport.Write(drift) : throw new InvalidOperationException($"no SARIF for {typeof(T).Name}"),
            _ => null,
        };
}
