namespace Wayli.Migrate.Runs;

/// <summary>The bundle <c>build</c> wrote.</summary>
/// <param name="Bundle">Its path.</param>
/// <param name="Digest">The digest over the ordered set (<c>sha256:…</c>).</param>
/// <param name="Migrations">How many migrations it holds.</param>
public sealed record BuildResult(string Bundle, string Digest, int Migrations);
