using System.Text;
using System.Text.Json;
using Wayli.Migrate.Execution;
using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Sources;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Output;

/// <summary>
/// JSON renderings of results, written with <see cref="Utf8JsonWriter"/> (no reflection, so the native build stays
/// trim-safe). Field names are camelCase and stable.
/// </summary>
internal static class JsonReport
{
    public static string Status(StatusResult status, MigrationSet set, string database, HistoryTable table) => Write(json =>
    {
        json.WriteString("database", database);
        json.WriteString("historyTable", table.ToString());
        json.WriteBoolean("historyInstalled", status.History != HistoryShape.Missing);
        WritePlan(json, status.Plan);
        json.WriteStartArray("problems");
        foreach (var problem in set.Problems)
            json.WriteStringValue(problem.ToString());
        json.WriteEndArray();
    });

    public static string Migrate(MigrateResult result, string database, HistoryTable table, int exitCode) => Write(json =>
    {
        json.WriteString("database", database);
        json.WriteString("historyTable", table.ToString());
        json.WriteNumber("exitCode", exitCode);
        json.WriteBoolean("bootstrapped", result.Bootstrapped);
        json.WriteStartArray("applied");
        foreach (var step in result.Applied)
        {
            json.WriteStartObject();
            json.WriteString("version", step.Migration.Name.VersionText);
            json.WriteString("file", step.Migration.FileName);
            json.WriteNumber("elapsedMs", Math.Round(step.Elapsed.TotalMilliseconds, 1));
            json.WriteString("transaction", step.Migration.Transaction.Mode == Sql.TransactionMode.Transactional ? "single" : "none");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (result.Failure is { } failure)
        {
            json.WriteStartObject("failed");
            json.WriteString("file", failure.Migration.FileName);
            json.WriteString("location", failure.Error.Location);
            json.WriteString("sqlState", failure.Error.SqlState);
            json.WriteString("message", failure.Error.Message);
            json.WriteString("detail", failure.Error.Detail);
            json.WriteString("hint", failure.Error.Hint);
            json.WriteEndObject();
        }
        WritePlan(json, result.Plan);
    });

    /// <summary>What a maintenance command changed or would change.</summary>
    public static string Maintenance(MaintenancePlan plan, bool applied) => Write(json =>
    {
        json.WriteBoolean("applied", applied && !plan.IsRefused);
        json.WriteStartArray("changes");
        foreach (var change in plan.Changes)
        {
            json.WriteStartObject();
            json.WriteString("kind", change.Kind.ToString());
            json.WriteString("version", change.VersionText);
            json.WriteString("name", change.Description);
            json.WriteString("reason", change.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteStrings(json, "refusals", plan.Refusals);
        WriteStrings(json, "notes", plan.Notes);
    });

    static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>A failure as one JSON document, so scripts reading stdout always get JSON.</summary>
    public static string Error(string kind, int exitCode, string message) => Write(json =>
    {
        json.WriteStartObject("error");
        json.WriteString("kind", kind);
        json.WriteNumber("exitCode", exitCode);
        json.WriteString("message", message);
        json.WriteEndObject();
    });

    /// <summary>A simple outcome: a message and, optionally, named text fields.</summary>
    public static string Outcome(string message, params (string Name, string Value)[] fields) => Write(json =>
    {
        json.WriteString("message", message);
        foreach (var (name, value) in fields)
            json.WriteString(name, value);
    });

    static void WritePlan(Utf8JsonWriter json, MigrationPlan plan)
    {
        json.WriteStartArray("migrations");
        foreach (var entry in plan.Entries)
        {
            json.WriteStartObject();
            json.WriteString("version", entry.VersionText);
            json.WriteString("name", entry.Description);
            json.WriteString("state", TextReport.StateName(entry.State));
            json.WriteString("file", entry.Migration?.FileName);
            json.WriteString("checksum", entry.Migration?.Checksum);
            json.WriteString("recordedChecksum", entry.Applied?.Checksum);
            if (entry.Applied?.AppliedAt is { } at)
                json.WriteString("appliedAt", at);
            else
                json.WriteNull("appliedAt");
            if (entry.Applied?.ExecutionTimeMs is { } ms)
                json.WriteNumber("executionTimeMs", ms);
            else
                json.WriteNull("executionTimeMs");
            json.WriteString("error", entry.Applied is { Success: false } row ? row.ErrorMessage : null);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in plan.Findings)
        {
            json.WriteStartObject();
            json.WriteString("version", finding.VersionText);
            json.WriteString("message", finding.Message);
            json.WriteBoolean("blocking", finding.Blocking);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("summary");
        foreach (var state in Enum.GetValues<MigrationState>())
            json.WriteNumber(TextReport.StateName(state), plan.Count(state));
        json.WriteEndObject();
    }

    static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
