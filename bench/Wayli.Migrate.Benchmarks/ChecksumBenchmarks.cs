using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Benchmarks;

/// <summary>
/// How fast <see cref="MigrationChecksum.Sha256"/> checksums a 4 MiB migration file, against a plain
/// <see cref="SHA256.HashData(ReadOnlySpan{byte})"/> of the same bytes (the baseline: the ratio says how close the
/// checksum gets to the hash alone) and a memory copy of them (how fast the machine moves the bytes at all).
/// </summary>
[Config(typeof(ChecksumBenchmarkConfig))]
public class ChecksumBenchmarks
{
    /// <summary>Bytes of every input, whatever its line ends: the unit of the MB/s column.</summary>
    public const int InputBytes = 4 * 1024 * 1024;

    byte[] _input = [];
    readonly byte[] _copy = new byte[InputBytes];

    /// <summary>The line ends of the input.</summary>
    [Params(LineEnding.Lf, LineEnding.Crlf)]
    public LineEnding LineEnding { get; set; }

    /// <summary>Builds the input and prints its shape, so the throughput can be checked by hand.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _input = Build(LineEnding);
        var lines = _input.AsSpan().Count((byte)'\n');
        var crlf = _input.AsSpan().Count("\r\n"u8);
        Console.WriteLine($"// Checksum input ({LineEnding}): {_input.Length:N0} bytes, {lines:N0} lines, {crlf:N0} CRLF");
    }

    /// <summary>SHA-256 of the raw bytes in one call: the most a SHA-256 checksum can do.</summary>
    [Benchmark(Baseline = true)]
    public byte[] HashData() => SHA256.HashData(_input);

    /// <summary>The checksum the history table records: BOM removed, CRLF as LF, SHA-256, lower-case hex.</summary>
    [Benchmark]
    public string Sha256() => MigrationChecksum.Sha256(_input);

    /// <summary>A copy of the same bytes: memory speed, far above any hash.</summary>
    [Benchmark]
    public void MemoryCopy() => _input.AsSpan().CopyTo(_copy);

    /// <summary>
    /// The benchmark script with the given line ends, cut to exactly <see cref="InputBytes"/> bytes so that every
    /// variant has the same size (the script is ASCII, so a cut never splits a character).
    /// </summary>
    static byte[] Build(LineEnding lineEnding)
    {
        var script = BenchmarkScript.Build(InputBytes);
        if (lineEnding == LineEnding.Crlf)
            script = script.Replace("\n", "\r\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(script)[..InputBytes];
    }
}
