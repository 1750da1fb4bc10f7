namespace Wayli.Migrate;

/// <summary>Placeholder.</summary>
public static class Placeholder;
