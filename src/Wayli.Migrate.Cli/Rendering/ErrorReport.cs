using Wayli.Migrate.Execution;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Prints a migration error the way compilers do: location, message, the line, a caret under the column.</summary>
internal static class ErrorReport
{
    /// <summary>
    /// A run's failure on stderr: <c>error: message</c>, or every problem of the files, one per line, then a summary.
    /// A cancellation or a bug is printed as it is (<paramref name="plain"/>).
    /// </summary>
    public static async Task WriteFailureAsync(CliContext context, MigrateException error, bool plain)
    {
        if (error is SourceProblemsException files)
        {
            await WriteProblemsAsync(context, files.Problems, $"{files.Problems.Count} problem(s) in {files.Location}; nothing was done to the database.");
            return;
        }
        await context.Error.WriteLineAsync(plain ? error.Message : $"{Paint.Red(context, "error")}: {error.Message}");
    }

    /// <summary>A located error on stderr; <paramref name="epilogue"/> says what it left, when not a migration recorded as failed.</summary>
    public static void Write(CliContext context, MigrationError error, string? epilogue = null)
    {
        var writer = context.Error;
        writer.WriteLine($"{Paint.Red(context, "error")}: {error.Location}: {(error.SqlState is null ? "" : error.SqlState + ": ")}{error.Message}");
        if (error.LineText is not null && error.Column is { } column)
        {
            var gutter = $"{error.Line} | ";
            writer.WriteLine($"  {gutter}{error.LineText}");
            writer.WriteLine($"  {new string(' ', gutter.Length)}{CaretPadding(error.LineText, column)}^");
        }
        WriteField(writer, "detail", error.Detail);
        WriteField(writer, "hint", error.Hint);
        WriteField(writer, "context", error.Where);
        WriteField(writer, "note", error.Note);
        WriteField(writer, "fix", error.Fix);
        writer.WriteLine(epilogue ?? (error.Note is null
            ? "The migration was rolled back and recorded as failed; fix the file and run migrate again to retry it."
            : "The migration was recorded as failed; fix the file and run migrate again to retry it."));
    }

    /// <summary>Every problem of the migration files on stderr, one per line, then <paramref name="summary"/> when there were any.</summary>
    public static async Task WriteProblemsAsync(CliContext context, IReadOnlyList<SourceProblem> problems, string summary)
    {
        foreach (var problem in problems)
            await context.Error.WriteLineAsync($"{Paint.Red(context, "error")}: {problem}");
        if (problems.Count > 0)
            await context.Error.WriteLineAsync(summary);
    }

    /// <summary>Spaces up to the column, keeping tabs so the caret lines up under tab-indented SQL.</summary>
    static string CaretPadding(string line, int column)
    {
        var padding = new char[Math.Max(0, column - 1)];
        for (var i = 0; i < padding.Length; i++)
            padding[i] = i < line.Length && line[i] == '\t' ? '\t' : ' ';
        return new string(padding);
    }

    static void WriteField(TextWriter writer, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            writer.WriteLine($"  {label}: {value}");
    }
}
