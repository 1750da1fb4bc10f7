using System.Diagnostics;
using Wayli.Migrate.Execution;
using Wayli.Migrate.Replay;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Verification;

/// <summary>
/// Watches one migration being applied on a scratch replay, statement by statement (a <see cref="StatementObserver"/>):
/// reads its session's relations and locks just before and just after each statement, inside its transaction, and
/// keeps what the statement did as a <see cref="RehearsedStatement"/>. Statements outside a transaction have their
/// locks read while they run (<see cref="LockSampler"/>). Session settings (<c>SET</c>, <c>RESET</c>) are sent unwatched:
/// they touch no relation, and a read before <c>SET TRANSACTION</c> would make it fail.
/// </summary>
/// <param name="replay">The replay the migration is applied on.</param>
/// <param name="statistics">The target's size of each relation, by name.</param>
/// <param name="lockTimeoutOption">How the user sets a lock timeout, for advice.</param>
/// <param name="cancellationToken">Cancels the reads.</param>
internal sealed class StatementProbe(ScratchReplay replay, IReadOnlyDictionary<string, RelationStatistics> statistics, string lockTimeoutOption,
    CancellationToken cancellationToken)
{
    readonly List<RehearsedStatement> _statements = [];
    Dictionary<uint, RelationState>? _existing;
    RelationSnapshot? _last;

    /// <summary>What each watched statement did, in order.</summary>
    public IReadOnlyList<RehearsedStatement> Statements => _statements;

    /// <summary>The observer: sends the statement once, between two reads.</summary>
    public async Task ObserveAsync(ObservedStatement observed, Func<Task> send)
    {
        if (IsSessionSetting(observed.Statement))
        {
            await send();
            return;
        }
        // Inside a transaction nothing changes between two statements, so the read after one is the read before the next.
        var before = observed.InTransaction && _last is { } last ? last : await RelationSnapshot.ReadAsync(observed.Connection, cancellationToken);
        _existing ??= before.Relations;
        var clock = Stopwatch.StartNew();
        HashSet<(uint, string)>? sampled = null;
        if (observed.InTransaction)
        {
            await send();
        }
        else
        {
            var tables = _existing.Values.Where(r => r.Kind is 'r' or 'p').Select(r => r.Name).ToList();
            sampled = await LockSampler.SampleAsync(replay, observed.Connection.ProcessID, tables, send, cancellationToken);
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var after = _last = await RelationSnapshot.ReadAsync(observed.Connection, cancellationToken);
        var effects = StatementEffects.Between(_existing, before, after, sampled, ConcurrentIndex.CreatedName(observed.Statement) is not null);
        var (level, lines) = RiskAssessment.Assess(effects, statistics, lockTimeoutOption);
        _statements.Add(new RehearsedStatement(observed.Number, observed.Statement.Line, FirstLine(observed.Statement.Text), Math.Round(elapsed, 2),
            effects.Locks, effects.Rewritten, effects.Scanned, effects.Indexes, level, lines, Sampled: sampled is not null));
    }

    static bool IsSessionSetting(SqlStatement statement) => statement.Keywords(1) is ["SET" or "RESET"];

    /// <summary>The statement's first line that is not a comment or blank, shortened to 100 characters.</summary>
    internal static string FirstLine(string sql)
    {
        var line = sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)) ?? sql.Trim();
        return line.Length <= 100 ? line : line[..99] + "…";
    }
}
