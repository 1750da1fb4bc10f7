namespace Wayli.Migrate.Verification;

/// <summary>How a migration changed a schema object.</summary>
public enum ObjectChange
{
    /// <summary>It did not exist before.</summary>
    Created,

    /// <summary>Its definition changed.</summary>
    Changed,

    /// <summary>It no longer exists.</summary>
    Dropped,
}
