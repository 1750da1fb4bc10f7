using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Wayli.Migrate.Cli.Options;

/// <summary>Source-generated TOML reading, so the native build needs no reflection.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigTomlContext : TomlSerializerContext;
