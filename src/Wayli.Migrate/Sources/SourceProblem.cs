namespace Wayli.Migrate.Sources;

/// <summary>
/// Something wrong with a migration file, found before any database work: a bad name, a duplicate version,
/// an unreadable file, text that is not UTF-8, SQL that cannot be lexed.
/// </summary>
/// <param name="File">The file's path as the user gave it (folder joined with the file name).</param>
/// <param name="Line">The 1-based line the problem is on, when it is about the file's contents.</param>
/// <param name="Column">The 1-based column, when known.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
public sealed record SourceProblem(string File, int? Line, int? Column, string Message)
{
    /// <summary>Renders <c>file:line:column: message</c>, leaving out what is unknown.</summary>
    public override string ToString() => $"{FileLocation.Format(File, Line, Column)}: {Message}";
}
