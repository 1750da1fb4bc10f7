using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Tests.Runs;

/// <summary>
/// When the apply loop collects between pipelines: by the SQL carried since the last collection, not after every
/// pipeline (each forced collection promotes what is live then, so one per tiny pipeline piled up garbage: a run of
/// 1,000 files alternating with files outside a transaction peaked at 68 MB instead of 30 MB).
/// </summary>
public sealed class PipelineCollectionsTests
{
    [Fact]
    public void Full_pipelines_are_each_followed_by_a_collection()
    {
        var collections = new PipelineCollections();
        var made = 0;
        for (var i = 0; i < 5; i++)
            collections.PipelineDone(ApplyLoop.PipelineText, () => made++);

        Assert.Equal(5, made);
        Assert.Equal(5, collections.Count);
    }

    [Fact]
    public void Many_small_pipelines_collect_once_per_budget_of_text_they_carried_together()
    {
        var collections = new PipelineCollections();
        var made = 0;
        const int Small = 1_400;
        for (var i = 0; i < 500; i++)
            collections.PipelineDone(Small, () => made++);

        Assert.Equal(500 * Small / PipelineCollections.TextBetween, made);
        Assert.InRange(made, 1, 10);
    }

    [Fact]
    public void Nothing_is_collected_before_the_budget_is_reached()
    {
        var collections = new PipelineCollections();
        collections.PipelineDone(PipelineCollections.TextBetween - 1, () => Assert.Fail("collected too early"));

        Assert.Equal(0, collections.Count);
        var made = 0;
        collections.PipelineDone(1, () => made++);
        Assert.Equal(1, made);
    }
}
