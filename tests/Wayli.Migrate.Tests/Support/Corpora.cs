namespace Wayli.Migrate.Tests.Support;

/// <summary>The shared real-world migration sets (../shared/corpora, named by WAYLI_CORPORA).</summary>
public static class Corpora
{
    /// <summary>Every set, for theories that run on all of them.</summary>
    public static TheoryData<string> All => new("wayli-20250826", "lemmy-0.19", "supabase-auth", "harbor", "supabase-storage");

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
