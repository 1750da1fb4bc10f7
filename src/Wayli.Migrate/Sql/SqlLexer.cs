namespace Wayli.Migrate.Sql;

/// <summary>
/// Splits a PostgreSQL script into statements exactly where psql would, without a database.
/// </summary>
/// <example>
/// <c>SqlLexer.Split("create table t (a text default ';');\n-- done\n")</c> gives two statements:
/// <c>"create table t (a text default ';');"</c> and the empty trailing <c>"\n-- done\n"</c>.
/// </example>
public static class SqlLexer
{
    /// <summary>
    /// Lexes <paramref name="text"/> in one pass. Never throws on bad SQL: the statements always
    /// concatenate back to the input, and anything psql would reject or treat specially (an
    /// unterminated quote or comment, a backslash command, COPY FROM STDIN) is listed in
    /// <see cref="SqlScript.Problems"/>.
    /// </summary>
    /// <param name="text">The whole script, as it will be sent.</param>
    public static SqlScript Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StatementSplitter(text).Run();
    }
}
