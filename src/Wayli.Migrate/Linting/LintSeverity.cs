namespace Wayli.Migrate.Linting;

/// <summary>How much a finding matters: errors fail <c>lint</c> (exit 3), warnings are reported only.</summary>
public enum LintSeverity
{
    /// <summary>Worth a look: correct SQL that can hurt a busy production database (locks, rewrites).</summary>
    Warning,

    /// <summary>Must be fixed: the migration is not safe to run twice, is insecure, or cannot be read.</summary>
    Error,
}
