using Wayli.Migrate.Diffs;

namespace Wayli.Migrate.Tests.Planning;

/// <summary>How <c>diff</c> turns one ACL into another: per grantee and privilege, revokes first, grantors not compared.</summary>
public sealed class DiffPrivilegesTests
{
    [Fact]
    public void Added_and_removed_privileges_become_grants_and_revokes()
    {
        var statements = Privileges.Change(["postgres=arwdDxt/postgres", "anon=r/postgres"], ["postgres=arwdDxt/postgres", "authenticated=ar/postgres"],
            "TABLE public.trips").ToList();
        Assert.Equal(
        [
            "REVOKE SELECT ON TABLE public.trips FROM anon;",
            "GRANT INSERT ON TABLE public.trips TO authenticated;",
            "GRANT SELECT ON TABLE public.trips TO authenticated;",
        ], statements);
    }

    [Fact]
    public void Public_is_the_empty_grantee_and_grant_options_are_kept()
    {
        Assert.Equal(["REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC;", "GRANT EXECUTE ON FUNCTION public.f() TO anon WITH GRANT OPTION;"],
            Privileges.Change(["=X/postgres"], ["anon=X*/postgres"], "FUNCTION public.f()"));
        Assert.Equal(["REVOKE GRANT OPTION FOR SELECT ON TABLE t FROM anon;"], Privileges.Change(["anon=r*/postgres"], ["anon=r/postgres"], "TABLE t"));
    }

    [Fact]
    public void Column_privileges_name_the_column_and_a_new_grantor_changes_nothing()
    {
        Assert.Equal(["GRANT UPDATE (title) ON TABLE public.trips TO authenticated;"],
            Privileges.Change([], ["authenticated=w/postgres"], "TABLE public.trips", "title"));
        Assert.Empty(Privileges.Change(["anon=r/postgres"], ["anon=r/supabase_admin"], "TABLE t"));
    }
}
