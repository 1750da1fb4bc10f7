namespace Wayli.Migrate.Runs;

/// <summary>The infrastructure SQL <c>setup</c> prints, exactly what <c>bootstrap</c> runs.</summary>
/// <param name="Sql">The SQL.</param>
public sealed record SetupResult(string Sql);
