namespace Wayli.Migrate.Tests.Docs;

/// <summary>
/// Puts the <c>wayli-migrate</c> built next to the tests on this process's <c>PATH</c>, for the commands a page runs
/// inside <c>wayli-migrate sandbox -- …</c> (a child process, which finds the program the way a shell does). The folder
/// holds that one program only, so nothing else the tests start is affected.
/// </summary>
internal static class ToolOnPath
{
    static readonly Lazy<string> Folder = new(Create);

    /// <summary>Makes sure the folder is on <c>PATH</c>; returns it.</summary>
    public static string Ensure() => Folder.Value;

    static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("wayli-migrate-docs-bin-").FullName;
        var script = Path.Combine(folder, DocCommand.Program);
        var dll = Path.Combine(AppContext.BaseDirectory, "wayli-migrate.dll");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet \"{dll}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Environment.SetEnvironmentVariable("PATH", folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
