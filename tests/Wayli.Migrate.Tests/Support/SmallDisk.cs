using System.Diagnostics;
using System.Globalization;

namespace Wayli.Migrate.Tests.Support;

/// <summary>
/// A small filesystem of its own (tmpfs) that the test server's user may write to, so a migration can fill it for
/// real. Mounting needs root, as CI has; elsewhere the test that needs it says so and is skipped.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    SmallDisk(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB owned by the postgres user.</summary>
    public static SmallDisk Mount(int megabytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Assert.Skip("mounting a small filesystem needs root (CI runs as root): the real disk-full test did not run");
        var path = Directory.CreateTempSubdirectory("wayli-small-disk-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", Size(megabytes), "tmpfs", path);
        }
        catch (InvalidOperationException e)
        {
            Directory.Delete(path);
            Assert.Skip($"this machine does not let root mount a tmpfs ({e.Message.Trim()}): the real disk-full test did not run");
        }
        var disk = new SmallDisk(path);
        Run("chown", "postgres:postgres", path);
        Run("chmod", "700", path);
        return disk;
    }

    /// <summary>Makes room: the same filesystem, larger.</summary>
    public void Grow(int megabytes) => Run("mount", "-o", "remount," + Size(megabytes), Path);

    /// <inheritdoc />
    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    static string Size(int megabytes) => "size=" + megabytes.ToString(CultureInfo.InvariantCulture) + "m";

    static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
    }
}
