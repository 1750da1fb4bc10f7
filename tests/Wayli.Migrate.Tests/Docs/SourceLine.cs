namespace Wayli.Migrate.Tests.Docs;

/// <summary>One line of a documentation page, with the level-2 section it is in.</summary>
/// <param name="Number">The 1-based line number in the page.</param>
/// <param name="Text">The line's text.</param>
/// <param name="Section">The text of the <c>## </c> heading above it, or "" before the first one.</param>
public sealed record SourceLine(int Number, string Text, string Section);
