using System.Globalization;
using System.Text;

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// The knobs of the reliability tests (environment variables, with the defaults) and the figures they
/// report: every test writes one line to its output and, when <c>WAYLI_RELIABILITY_REPORT</c> names a file, appends
/// one tab-separated row (test, trials, passed, figures) to it for scripts/reliability.sh to tabulate.
/// </summary>
public static class ReliabilityReport
{
    static readonly Lock FileLock = new();
    static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);
    static readonly Lazy<int> SharedSeed = new(() => Integer("WAYLI_RELIABILITY_SEED", Random.Shared.Next(1, int.MaxValue)));

    /// <summary>Migrator processes started together in each concurrency round (WAYLI_RELIABILITY_PROCESSES, default 16).</summary>
    public static int Processes => Integer("WAYLI_RELIABILITY_PROCESSES", 16);

    /// <summary>Concurrency rounds, each on a fresh database (WAYLI_RELIABILITY_ROUNDS, default 20).</summary>
    public static int Rounds => Integer("WAYLI_RELIABILITY_ROUNDS", 20);

    /// <summary>SIGKILLs of a running migrate (WAYLI_RELIABILITY_KILLS, default 50).</summary>
    public static int Kills => Integer("WAYLI_RELIABILITY_KILLS", 50);

    /// <summary>Inputs the lexer fuzzer runs (WAYLI_RELIABILITY_FUZZ, default 100,000).</summary>
    public static int FuzzInputs => Integer("WAYLI_RELIABILITY_FUZZ", 100_000);

    /// <summary>Size of the huge migration file in megabytes (WAYLI_RELIABILITY_BIG_MB, default 200).</summary>
    public static int BigFileMegabytes => Integer("WAYLI_RELIABILITY_BIG_MB", 200);

    /// <summary>
    /// The seed of every random choice (WAYLI_RELIABILITY_SEED, else random): one per test run, printed by every
    /// test that uses it, so a failing run can be replayed.
    /// </summary>
    public static int Seed => SharedSeed.Value;

    /// <summary>Writes a line to the test's output and to the diagnostic messages.</summary>
    public static void Log(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    /// <summary>Reports a test's figures: to its output, and as a row of the report file when one is named.</summary>
    /// <param name="test">A short name for the test (a row of the summary table).</param>
    /// <param name="trials">How many trials it ran.</param>
    /// <param name="passed">How many of them held.</param>
    /// <param name="figures">What was measured, as <c>name=value</c> pairs separated by commas.</param>
    public static void Record(string test, int trials, int passed, string figures)
    {
        Log(string.Create(CultureInfo.InvariantCulture, $"[reliability] {test}: {passed}/{trials} passed; {figures}"));
        if (Environment.GetEnvironmentVariable("WAYLI_RELIABILITY_REPORT") is not { Length: > 0 } path)
            return;
        var row = string.Join('\t', Clean(test), trials.ToString(CultureInfo.InvariantCulture), passed.ToString(CultureInfo.InvariantCulture), Clean(figures));
        lock (FileLock)
            File.AppendAllText(path, row + "\n", Utf8WithoutBom);
    }

    /// <summary>Milliseconds with no decimals, for figures.</summary>
    public static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Seconds with one decimal, for figures.</summary>
    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>A median of durations (0 for none).</summary>
    public static TimeSpan Median(IReadOnlyCollection<TimeSpan> values) =>
        values.Count == 0 ? TimeSpan.Zero : values.Order().ElementAt(values.Count / 2);

    static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    static int Integer(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
