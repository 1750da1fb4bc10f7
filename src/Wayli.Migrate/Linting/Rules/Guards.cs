namespace Wayli.Migrate.Linting.Rules;

/// <summary>The guarded forms fixes suggest when PostgreSQL has no IF [NOT] EXISTS for a statement: a DO block.</summary>
internal static class Guards
{
    /// <summary><c>DO $$ BEGIN IF condition THEN statement; END IF; END $$;</c></summary>
    public static string When(string condition, string statement) =>
        $"DO $$ BEGIN IF {condition} THEN {statement}; END IF; END $$;";

    /// <summary><c>DO $$ BEGIN statement; EXCEPTION WHEN error THEN NULL; END $$;</c></summary>
    public static string Ignoring(string error, string statement) =>
        $"DO $$ BEGIN {statement}; EXCEPTION WHEN {error} THEN NULL; END $$;";

    /// <summary>An identifier as SQL needs it written: <c>trips_old</c> as it is, <c>Trips_old</c> as <c>"Trips_old"</c>.</summary>
    public static string Identifier(string folded) =>
        folded.Length > 0 && (char.IsAsciiLetterLower(folded[0]) || folded[0] == '_')
            && folded.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$')
            ? folded
            : "\"" + folded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A SQL string literal: <c>'it''s'</c>.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
