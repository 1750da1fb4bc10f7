namespace Wayli.Migrate.Linting.Baselines;

/// <summary>
/// One accepted finding of a lint baseline: which file, which rule, and which statement, known by its tokens rather
/// than its line, so edits elsewhere in the file (a lint:ignore comment above it included) do not disturb it.
/// </summary>
/// <param name="File">The migration's file name, such as <c>20250101000000_init.sql</c>.</param>
/// <param name="Rule">The rule id, such as <c>WM101</c>.</param>
/// <param name="Fingerprint">The statement's fingerprint: the first <see cref="FingerprintLength"/> hex digits of its
/// <see cref="Sql.TokenFingerprint"/>.</param>
/// <param name="Statement">The statement's first line, for people reading the baseline; not compared.</param>
public sealed record BaselineEntry(string File, string Rule, string Fingerprint, string Statement)
{
    /// <summary>How many hex digits of the statement's token fingerprint identify it.</summary>
    public const int FingerprintLength = 16;

    /// <summary>What a finding must share with an entry to be accepted by it.</summary>
    internal (string File, string Rule, string Fingerprint) Key => (File, Rule, Fingerprint);
}
