using Wayli.Migrate.History;

namespace Wayli.Migrate.Infrastructure;

/// <summary>
/// The SQL that installs Wayli Migrate's infrastructure. <c>bootstrap</c> runs it and <c>setup</c> prints it,
/// from the same embedded resource, so what a person runs by hand is exactly what the tool would run.
/// </summary>
public static class InfrastructureScript
{
    /// <summary>The infrastructure SQL for <paramref name="table"/>, optionally preceded by role creation.</summary>
    public static string Render(HistoryTable table, bool createRoles) =>
        createRoles ? CreateRoles + "\n" + Bootstrap(table) : Bootstrap(table);

    /// <summary>The SQL that installs or upgrades the history table, its security, and <c>public.exec_sql</c>.</summary>
    public static string Bootstrap(HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Read("bootstrap")
            .Replace("{{schema}}", table.Schema, StringComparison.Ordinal)
            .Replace("{{table}}", table.Quoted, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Supabase-like environment (<c>--supabase</c> on test, sandbox and dev): Supabase's roles, the auth, storage,
    /// extensions and realtime schemas, <c>auth.users</c>, <c>auth.uid()</c> and the other request functions, the storage
    /// tables and helpers, default privileges on public, and <c>wayli_local.act_as</c>. Not Supabase: what a database
    /// has before its first migration, with no server behind it.
    /// </summary>
    public static string SupabaseEnvironment => Read("supabase-environment");

    /// <summary>The SQL that creates Supabase's roles anon, authenticated and service_role (NOLOGIN) where missing.</summary>
    public static string CreateRoles => Read("create-roles");

    static string Read(string name)
    {
        var resource = $"Wayli.Migrate.Infrastructure.{name}.sql";
        using var stream = typeof(InfrastructureScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
