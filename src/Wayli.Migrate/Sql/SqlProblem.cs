namespace Wayli.Migrate.Sql;

/// <summary>Something in a script that stops it from being sent as plain SQL statements.</summary>
/// <param name="Line">1-based line where the offending construct starts.</param>
/// <param name="Column">1-based code-point column where it starts.</param>
/// <param name="Message">What was found and what to do about it.</param>
public sealed record SqlProblem(int Line, int Column, string Message);
