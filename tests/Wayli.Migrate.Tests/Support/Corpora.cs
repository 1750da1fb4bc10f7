namespace Wayli.Migrate.Tests.Support;

/// <summary>The shared real-world migration sets (../shared/corpora, named by WAYLI_CORPORA).</summary>
public static class Corpora
{
    /// <summary>Every set, for theories that run on all of them.</summary>
    public static TheoryData<string> All => new("wayli-20250826", "lemmy-0.19", "supabase-auth", "harbor", "supabase-storage");

    // supabase-storage changes cluster-wide roles (check-then-create DO blocks, ALTER USER … SET): two databases of
    // one cluster applying it at once race ("duplicate key" in pg_authid, "tuple concurrently updated"), with psql as
    // with any tool. Its runs take turns. (The fixture creates the roles it and wayli's shim would both create.)
    static readonly SemaphoreSlim RoleCreatingSets = new(1, 1);

    /// <summary>
    /// The arguments that name where a set's objects live, for the commands that compare schemas (drift, diff): the sets
    /// in Supabase's own schemas are compared there by naming them; the others in the default scope.
    /// </summary>
    public static string[] SchemasArguments(string corpus) => corpus switch
    {
        "supabase-auth" => ["--schemas", "auth"],
        "supabase-storage" => ["--schemas", "storage,public"],
        _ => [],
    };

    /// <summary>True for sets that change cluster-wide objects (roles), which must not be applied twice at once.</summary>
    public static bool ChangesRoles(string corpus) => corpus == "supabase-storage";

    /// <summary>Holds the cluster for a set that changes roles until disposed; for other sets, holds nothing.</summary>
    public static async Task<IDisposable> TakeTurnAsync(string corpus)
    {
        if (!ChangesRoles(corpus))
            return new Turn(null);
        await RoleCreatingSets.WaitAsync(TestContext.Current.CancellationToken);
        return new Turn(RoleCreatingSets);
    }

    sealed class Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }

    /// <summary>The folder of one set; skips the calling test, visibly, when WAYLI_CORPORA is not set.</summary>
    public static string Folder(string corpus)
    {
        var root = Paths.Corpora;
        if (root is null)
            Assert.Skip("WAYLI_CORPORA is not set: the real-world migration sets were not tested");
        var folder = Path.Combine(root, corpus);
        Assert.True(Directory.Exists(folder), $"WAYLI_CORPORA has no folder {corpus}");
        return folder;
    }
}
