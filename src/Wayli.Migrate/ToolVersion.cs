using System.Reflection;

namespace Wayli.Migrate;

/// <summary>The version of Wayli Migrate, as recorded in bundles and printed by <c>--version</c>.</summary>
public static class ToolVersion
{
    /// <summary>The semantic version (<c>0.1.0</c>), without the source revision the build appends after <c>+</c>.</summary>
    public static string Current { get; } = Read();

    static string Read()
    {
        var informational = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
