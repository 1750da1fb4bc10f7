using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Replay;

/// <summary>Where a replay runs and how its scratch database is prepared.</summary>
/// <param name="ScratchServer">The server a scratch URL names; null for a throwaway local PostgreSQL.</param>
/// <param name="ScratchOption">How the user names the scratch URL option, for the report.</param>
/// <param name="PrepareSql">SQL run first (objects the platform provides); null for none.</param>
/// <param name="Supabase">Prepare a minimal Supabase environment first.</param>
/// <param name="Roles">Roles the migrations may grant to that the scratch server must have (the target's), created NOLOGIN where missing.</param>
/// <param name="ServerMajorVersion">The major version the scratch server must have (the target's, when the replay is
/// compared with it: catalogs render definitions differently from one major version to the next); null for any.</param>
internal sealed record ReplaySettings(ConnectionSettings? ScratchServer, string ScratchOption, string? PrepareSql, bool Supabase,
    IReadOnlyList<string> Roles, int? ServerMajorVersion = null);
