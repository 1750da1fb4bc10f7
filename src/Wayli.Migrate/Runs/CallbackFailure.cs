using Wayli.Migrate.Execution;

namespace Wayli.Migrate.Runs;

/// <summary>A callback that failed, which stopped the run.</summary>
/// <param name="Event">When it ran: <c>beforeMigrate</c>, <c>afterEachMigrate</c> or <c>afterMigrate</c>.</param>
/// <param name="File">Its path in the migrations folder, such as <c>callbacks/afterMigrate.sql</c>.</param>
/// <param name="After">For <c>afterEachMigrate</c>, the migration it followed.</param>
/// <param name="Error">The located error.</param>
public sealed record CallbackFailure(string Event, string File, string? After, MigrationError Error);
