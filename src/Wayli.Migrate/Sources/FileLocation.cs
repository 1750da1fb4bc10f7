namespace Wayli.Migrate.Sources;

/// <summary>How every message names a place in a file, the way compilers do, so editors and CI logs link it.</summary>
public static class FileLocation
{
    /// <summary><c>file:line:column</c>, leaving out what is unknown (<c>file:line</c>, or just <c>file</c>).</summary>
    /// <example><c>Format("a.sql", 3, 7)</c> gives <c>a.sql:3:7</c>; <c>Format("a.sql", null, null)</c> gives <c>a.sql</c>.</example>
    public static string Format(string file, int? line, int? column) =>
        line is null ? file : column is null ? $"{file}:{line}" : $"{file}:{line}:{column}";
}
