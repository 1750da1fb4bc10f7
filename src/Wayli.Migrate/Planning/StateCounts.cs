namespace Wayli.Migrate.Planning;

/// <summary>How many versions of a plan are in each state.</summary>
/// <param name="Applied">Applied and unchanged.</param>
/// <param name="Pending">Not applied yet.</param>
/// <param name="Failed">Last attempt failed.</param>
/// <param name="Drifted">Applied, but the file changed since.</param>
/// <param name="Missing">Recorded, but no file has the version.</param>
/// <param name="OutOfOrder">Not applied, and older than the newest applied one.</param>
public sealed record StateCounts(int Applied, int Pending, int Failed, int Drifted, int Missing, int OutOfOrder);
