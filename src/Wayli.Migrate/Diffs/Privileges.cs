namespace Wayli.Migrate.Diffs;

/// <summary>
/// GRANT and REVOKE statements that turn one ACL (PostgreSQL's <c>aclitem</c> texts, <c>grantee=privileges/grantor</c>,
/// an empty grantee meaning PUBLIC, a <c>*</c> after a letter the grant option) into another. Grantors are not compared.
/// </summary>
internal static class Privileges
{
    static readonly Dictionary<char, string> Names = new()
    {
        ['r'] = "SELECT",
        ['w'] = "UPDATE",
        ['a'] = "INSERT",
        ['d'] = "DELETE",
        ['D'] = "TRUNCATE",
        ['x'] = "REFERENCES",
        ['t'] = "TRIGGER",
        ['m'] = "MAINTAIN",
        ['X'] = "EXECUTE",
        ['U'] = "USAGE",
        ['C'] = "CREATE",
        ['c'] = "CONNECT",
        ['T'] = "TEMPORARY",
    };

    /// <summary>The statements, revokes first; <paramref name="on"/> is what follows ON (<c>TABLE public.trips</c>), <paramref name="columns"/> a column list for column privileges.</summary>
    public static IEnumerable<string> Change(IEnumerable<string> before, IEnumerable<string> after, string on, string? columns = null)
    {
        var from = Parse(before);
        var to = Parse(after);
        var list = columns is null ? "" : $" ({columns})";
        foreach (var (grantee, privilege, option) in from.Except(to).OrderBy(p => p.Grantee, StringComparer.Ordinal).ThenBy(p => p.Privilege, StringComparer.Ordinal))
        {
            // A grant option taken away alone keeps the privilege.
            yield return option && to.Contains((grantee, privilege, false))
                ? $"REVOKE GRANT OPTION FOR {privilege}{list} ON {on} FROM {grantee};"
                : $"REVOKE {privilege}{list} ON {on} FROM {grantee};";
        }
        // A privilege that only lost its grant option was kept by the REVOKE GRANT OPTION FOR above.
        foreach (var (grantee, privilege, option) in to.Except(from).Where(p => p.Option || !from.Contains((p.Grantee, p.Privilege, true)))
                     .OrderBy(p => p.Grantee, StringComparer.Ordinal).ThenBy(p => p.Privilege, StringComparer.Ordinal))
            yield return $"GRANT {privilege}{list} ON {on} TO {grantee}{(option ? " WITH GRANT OPTION" : "")};";
    }

    static HashSet<(string Grantee, string Privilege, bool Option)> Parse(IEnumerable<string> acl)
    {
        var set = new HashSet<(string, string, bool)>();
        foreach (var item in acl)
        {
            var slash = item.LastIndexOf('/');
            if (slash < 0)
                slash = item.Length;
            var equals = item.LastIndexOf('=', slash - 1);
            if (equals < 0)
                continue;
            var grantee = equals > 0 ? item[..equals] : "PUBLIC";
            var letters = item[(equals + 1)..slash];
            for (var i = 0; i < letters.Length; i++)
            {
                if (!Names.TryGetValue(letters[i], out var privilege))
                    continue;
                var option = i + 1 < letters.Length && letters[i + 1] == '*';
                set.Add((grantee, privilege, option));
            }
        }
        return set;
    }
}
