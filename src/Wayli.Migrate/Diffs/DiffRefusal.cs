namespace Wayli.Migrate.Diffs;

/// <summary>A difference <c>diff</c> did not write, and why: one it cannot express, or a destructive one not allowed.</summary>
/// <param name="Kind">The object's kind.</param>
/// <param name="Identity">Its name.</param>
/// <param name="Reason">Why it is not in the file.</param>
/// <param name="Destructive">True when it would drop data (or may), and <c>--allow-destructive</c> was not given.</param>
public sealed record DiffRefusal(string Kind, string Identity, string Reason, bool Destructive = false);
