using System.Text;
using Npgsql;
using Wayli.Migrate.Connections;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Sql;

namespace Wayli.Migrate.Execution;

/// <summary>
/// A seed file (<c>supabase/seed.sql</c>): data a fresh local database gets after its migrations, as the Supabase CLI's
/// <c>db reset</c> does. Read and checked before anything is dropped, then run in one transaction, so a seed that fails
/// leaves no half of its rows; the error is located in the file like a migration's.
/// </summary>
internal sealed class SeedFile
{
    SeedFile(string path, SqlScript script) => (Path, Script) = (path, script);

    /// <summary>The file's path.</summary>
    public string Path { get; }

    SqlScript Script { get; }

    /// <summary>Reads and lexes the seed file.</summary>
    /// <exception cref="MigrateException">It is not UTF-8, or holds what cannot be sent to a server (a psql meta-command,
    /// <c>COPY … FROM STDIN</c>, an unterminated quote) (<see cref="FailureKind.Validation"/>), naming file, line and cause.</exception>
    public static async Task<SeedFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        string text;
        try
        {
            text = MigrationParser.Decode(bytes.AsSpan(start)).ReplaceLineEndings("\n");
        }
        catch (DecoderFallbackException)
        {
            throw new MigrateException(FailureKind.Validation, $"{path}: the seed file is not valid UTF-8");
        }
        var script = SqlLexer.Split(text);
        var problems = MigrationAnalysis.Of(script).Problems;
        if (problems.Count > 0)
        {
            throw new MigrateException(FailureKind.Validation,
                string.Join('\n', problems.Select(p => $"{FileLocation.Format(path, p.Line, p.Column)}: {p.Message}")));
        }
        return new SeedFile(path, script);
    }

    /// <summary>Runs the seed in one transaction; returns null on success, or the located error after rolling back.</summary>
    public async Task<MigrationError?> ApplyAsync(ConnectionSettings database, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnector.OpenAsync(database, null, cancellationToken);
        var statements = Script.Statements.Where(s => !s.IsEmpty).ToList();
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var statement in statements)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e) when (!ErrorLocator.EndsSession(e))
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(cancellationToken);
            }
            var index = ErrorLocator.FailedCommandIndex(batch, e) - 1;
            return index >= 0 && index < statements.Count
                ? ErrorLocator.Describe(Path, Script, statements[index], index + 1, e)
                : ErrorLocator.Describe(Path, Script, null, null, e);
        }
    }
}
