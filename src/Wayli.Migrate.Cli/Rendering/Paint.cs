namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// Colour for people at a terminal: only when the output is interactive, never when <c>NO_COLOR</c> is set
/// (https://no-color.org) or the terminal is <c>dumb</c>.
/// </summary>
internal static class Paint
{
    public static bool Enabled(CliContext context) =>
        context.IsInteractive && string.IsNullOrEmpty(context.Environment("NO_COLOR")) && context.Environment("TERM") != "dumb";

    public static string Red(CliContext context, string text) => Wrap(context, "31", text);

    public static string Green(CliContext context, string text) => Wrap(context, "32", text);

    public static string Yellow(CliContext context, string text) => Wrap(context, "33", text);

    static string Wrap(CliContext context, string code, string text) => Enabled(context) ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
