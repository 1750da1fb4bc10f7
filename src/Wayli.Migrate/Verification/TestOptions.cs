using Wayli.Migrate.History;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Connections;

namespace Wayli.Migrate.Verification;

/// <summary>What <c>test</c> checks and where.</summary>
/// <param name="Target">The database whose infrastructure and history are checked; null to check files and idempotency only.</param>
/// <param name="ScratchServer">A server on which to create the scratch database; null to use the target's server or a local cluster.</param>
/// <param name="Table">The history table.</param>
/// <param name="Plan">Drift and ordering rules.</param>
/// <param name="PrepareSql">SQL run on the scratch database before the migrations (objects the platform provides).</param>
/// <param name="Supabase">Prepare a minimal Supabase environment (roles, auth/storage/extensions schemas, auth functions, auth.users).</param>
/// <param name="Fingerprint">What the schema fingerprint covers (how many rows to hash).</param>
/// <param name="WaitForDatabase">How long to keep retrying while the target cannot be reached; null tries once.</param>
public sealed record TestOptions(
    ConnectionSettings? Target,
    ConnectionSettings? ScratchServer,
    HistoryTable Table,
    PlanOptions Plan,
    string? PrepareSql = null,
    bool Supabase = false,
    FingerprintOptions? Fingerprint = null,
    TimeSpan? WaitForDatabase = null);
