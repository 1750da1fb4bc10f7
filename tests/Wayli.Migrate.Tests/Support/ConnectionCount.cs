namespace Wayli.Migrate.Tests.Support;

/// <summary>What the proxy counted on one connection.</summary>
/// <param name="ClientBursts">Runs of chunks from the client: about the round trips the client waited for.</param>
/// <param name="ServerBursts">Runs of chunks from the server.</param>
/// <param name="ClientBytes">Bytes the client sent.</param>
public sealed record ConnectionCount(int ClientBursts, int ServerBursts, long ClientBytes);
