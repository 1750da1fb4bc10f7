namespace Wayli.Migrate.Sql;

/// <summary>
/// Decides from the lexed statements whether a file can run inside one transaction. PostgreSQL refuses some
/// statements in a transaction block (<c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>, <c>CREATE DATABASE</c>, …), and
/// some files manage transactions themselves (top-level <c>BEGIN</c>/<c>COMMIT</c>, <c>DO</c> blocks that
/// <c>COMMIT</c>). Detection reads tokens, never regular expressions over the text, so a keyword in a comment or a
/// string does not count.
/// </summary>
public static class TransactionRequirement
{
    /// <summary>How the file should run: the directive's choice if there is one, else what its statements need.</summary>
    public static TransactionPlan Analyze(SqlScript script, MigrationDirectives directives)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Analyze(script.Statements, directives);
    }

    /// <summary>
    /// How one part of a file (its up or its down part, see <see cref="MigrationParts"/>) should run: the part's
    /// directive if it has one, else what its own statements need.
    /// </summary>
    public static TransactionPlan Analyze(IReadOnlyList<SqlStatement> statements, MigrationDirectives directives)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(directives);
        if (directives.Mode is { } forced)
        {
            var reason = forced == TransactionMode.NonTransactional ? $"directive -- migrate:no-transaction on line {directives.Line}" : null;
            return new TransactionPlan(forced, reason, ForcedByDirective: true);
        }
        var committing = CommittingProcedures(statements);
        var number = 0;
        foreach (var statement in statements)
        {
            if (statement.IsEmpty)
                continue;
            number++;
            if ((Explain(statement) ?? CallsCommittingProcedure(statement, committing)) is { } why)
                return new TransactionPlan(TransactionMode.NonTransactional, $"statement {number} (line {statement.Line}) {why}", false);
        }
        return TransactionPlan.Default;
    }

    /// <summary>
    /// The procedures this file creates whose bodies COMMIT or ROLLBACK. Calling one inside a transaction block fails
    /// with 2D000 ("invalid transaction termination"), but only when its COMMIT is reached, which on an empty test
    /// database it may never be: the file must run outside a transaction whatever the data.
    /// </summary>
    static List<ObjectName> CommittingProcedures(IReadOnlyList<SqlStatement> statements)
    {
        var procedures = new List<ObjectName>();
        foreach (var statement in statements)
        {
            if (statement.IsEmpty || !Mentions(statement.Text, "PROCEDURE") || statement.Keywords(4) is not { Count: > 1 } words || words[0] != "CREATE" || !words.Skip(1).Contains("PROCEDURE"))
                continue;
            var tokens = StatementTokens.Of(statement.Text);
            var at = tokens.IndexOf("PROCEDURE", 0, tokens.Count);
            if (at >= 0 && tokens.NameAt(at + 1, out _) is { } name && tokens.DollarQuotedBodies().Any(CommitsInside))
                procedures.Add(name);
        }
        return procedures;
    }

    /// <summary>Why a CALL (alone, or in a DO block) of one of <paramref name="committing"/> cannot run in the runner's transaction, or null.</summary>
    static string? CallsCommittingProcedure(SqlStatement statement, List<ObjectName> committing)
    {
        if (committing.Count == 0 || statement.Keywords(1) is not ["CALL" or "DO"] || !Mentions(statement.Text, "CALL"))
            return null;
        var tokens = StatementTokens.Of(statement.Text);
        var bodies = tokens.Word(0) == "CALL" ? [tokens] : tokens.DollarQuotedBodies().Select(StatementTokens.Of);
        foreach (var body in bodies)
        {
            for (var at = body.IndexOf("CALL", 0, body.Count, StatementTokens.AnyDepth); at >= 0; at = body.IndexOf("CALL", at + 1, body.Count, StatementTokens.AnyDepth))
            {
                if (body.NameAt(at + 1, out _) is { } called && committing.FirstOrDefault(called.Matches) is { } procedure)
                {
                    return $"calls procedure {procedure}, which this file creates and which commits or rolls back: "
                        + "that CALL fails inside a transaction block (2D000) once the COMMIT is reached, so the file runs outside one";
                }
            }
        }
        return null;
    }

    /// <summary>Why this statement cannot run inside the runner's transaction, or null when it can.</summary>
    public static string? Explain(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (!MayNeedItsOwnSession(statement.Text))
            return null;
        var tokens = StatementTokens.Of(statement.Text);
        return ManagesTransactions(tokens) ?? RefusedInTransactionBlock(tokens);
    }

    /// <summary>
    /// A cheap first look at the leading words: every rule below starts with one of these, so the great majority of
    /// statements (CREATE TABLE, CREATE FUNCTION, INSERT, COMMENT, …) need not be tokenised whole. Reading every file
    /// of a large set otherwise spent a fifth of its time here.
    /// </summary>
    static bool MayNeedItsOwnSession(string text)
    {
        var (first, second) = LeadingWords(text);
        return first switch
        {
            "BEGIN" or "START" or "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "PREPARE" or "REINDEX" or "VACUUM" or "CLUSTER" or "DISCARD" => true,
            "DO" => Mentions(text, "COMMIT") || Mentions(text, "ROLLBACK"),
            "CREATE" or "DROP" => second is "INDEX" or "UNIQUE" or "DATABASE" or "TABLESPACE" or "SUBSCRIPTION",
            "ALTER" => second is "DATABASE" or "SYSTEM" or "SUBSCRIPTION" || Mentions(text, "CONCURRENTLY"),
            _ => false,
        };
    }

    static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first two significant tokens as upper-cased bare words ("" for anything else or nothing).</summary>
    static (string First, string Second) LeadingWords(string text)
    {
        var scanner = new SqlScanner(text);
        var first = (string?)null;
        while (scanner.Next(out var token))
        {
            if (token.IsTrivia)
                continue;
            var word = token.Kind == SqlTokenKind.Word ? text.AsSpan(token.Start, token.Length).ToString().ToUpperInvariant() : "";
            if (first is not null)
                return (first, word);
            first = word;
        }
        return (first ?? "", "");
    }

    static string? ManagesTransactions(StatementTokens t)
    {
        const string Own = "manages its own transaction";
        return t.Word(0) switch
        {
            "BEGIN" or "START" => $"starts a transaction itself ({t.Word(0)}): the file {Own}s",
            "COMMIT" or "END" => $"commits itself ({t.Word(0)}): the file {Own}s",
            "ROLLBACK" or "ABORT" when t.Word(1) != "TO" => $"rolls back itself ({t.Word(0)}): the file {Own}s",
            "PREPARE" when t.Word(1) == "TRANSACTION" => "is PREPARE TRANSACTION, which ends the transaction",
            "DO" when t.DollarQuotedBodies().Any(CommitsInside) => "is a DO block that commits or rolls back: it must run outside a transaction block",
            _ => null,
        };
    }

    static bool CommitsInside(string body)
    {
        var inner = StatementTokens.Of(body);
        return inner.Contains("COMMIT") || inner.Contains("ROLLBACK");
    }

    static string? RefusedInTransactionBlock(StatementTokens t)
    {
        const string Refused = "cannot run inside a transaction block";
        if (t.StartsWith("CREATE", "INDEX", "CONCURRENTLY") || t.StartsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"))
            return $"is CREATE INDEX CONCURRENTLY, which {Refused}";
        if (t.StartsWith("DROP", "INDEX", "CONCURRENTLY"))
            return $"is DROP INDEX CONCURRENTLY, which {Refused}";
        if (t.Word(0) == "REINDEX" && (t.Contains("CONCURRENTLY") || t.Contains("SCHEMA") || t.Contains("DATABASE") || t.Contains("SYSTEM")))
            return $"is REINDEX CONCURRENTLY or of a whole schema, database or system, which {Refused}";
        if (t.Word(0) == "VACUUM")
            return $"is VACUUM, which {Refused}";
        if (t.Word(0) == "CLUSTER" && t.Count <= 2 && t.Word(1) is null or "VERBOSE")
            return $"is CLUSTER of every table, which {Refused}";
        if ((t.Word(0) is "CREATE" or "DROP") && t.Word(1) is "DATABASE" or "TABLESPACE")
            return $"is {t.Word(0)} {t.Word(1)}, which {Refused}";
        if (t.StartsWith("ALTER", "DATABASE") && t.ContainsPair("SET", "TABLESPACE"))
            return $"is ALTER DATABASE SET TABLESPACE, which {Refused}";
        if (t.StartsWith("ALTER", "SYSTEM"))
            return $"is ALTER SYSTEM, which {Refused}";
        if (t.StartsWith("DISCARD", "ALL"))
            return $"is DISCARD ALL, which {Refused}";
        if (t.Word(0) == "ALTER" && t.ContainsPair("DETACH", "PARTITION") && t.Contains("CONCURRENTLY"))
            return $"is DETACH PARTITION CONCURRENTLY, which {Refused}";
        return Subscription(t);
    }

    static string? Subscription(StatementTokens t)
    {
        const string Refused = "cannot run inside a transaction block";
        if (t.StartsWith("CREATE", "SUBSCRIPTION") && !t.OptionIsOff("CREATE_SLOT"))
            return $"is CREATE SUBSCRIPTION creating a replication slot, which {Refused}";
        if (t.StartsWith("DROP", "SUBSCRIPTION"))
            return $"is DROP SUBSCRIPTION, which {Refused} when the subscription has a replication slot";
        if (t.StartsWith("ALTER", "SUBSCRIPTION")
            && (t.ContainsPair("REFRESH", "PUBLICATION") || (t.Contains("PUBLICATION") && !t.OptionIsOff("REFRESH") && t.Word(3) is "SET" or "ADD" or "DROP")))
        {
            return $"is ALTER SUBSCRIPTION refreshing its publications, which {Refused}";
        }
        return null;
    }
}
