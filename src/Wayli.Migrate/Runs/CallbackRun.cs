namespace Wayli.Migrate.Runs;

/// <summary>A callback a run executed.</summary>
/// <param name="Event">When it ran: <c>beforeMigrate</c>, <c>afterEachMigrate</c> or <c>afterMigrate</c>.</param>
/// <param name="File">Its path in the migrations folder, such as <c>callbacks/afterMigrate.sql</c>.</param>
/// <param name="ElapsedMs">How long it took, in milliseconds.</param>
public sealed record CallbackRun(string Event, string File, double ElapsedMs);
