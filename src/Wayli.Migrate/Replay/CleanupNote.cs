namespace Wayli.Migrate.Replay;

/// <summary>Something a replay did or could not do while cleaning up after itself.</summary>
/// <param name="Message">What happened.</param>
/// <param name="Failed">True when something was left behind that a person must remove.</param>
internal sealed record CleanupNote(string Message, bool Failed);
