namespace Wayli.Migrate.Runs;

/// <summary>
/// When the apply loop hands a finished pipeline's memory back. A pipeline's commands live through several
/// collections, so they are promoted and, once the pipeline is done, stay as garbage in the older generations while the
/// next pipeline allocates as much again. A full collection between pipelines frees them; it is due once the pipelines
/// since the last one have carried <see cref="TextBetween"/> of SQL, so that a run of many small pipelines (files that
/// run outside a transaction between them) does not collect after each: every forced collection promotes what is live
/// at that moment, which then stays until the next full one.
/// </summary>
internal sealed class PipelineCollections
{
    /// <summary>The SQL text (in characters, as <see cref="ApplyLoop.PipelineText"/> counts it) between two collections.</summary>
    internal const int TextBetween = ApplyLoop.PipelineText / 2;

    long _textSinceLast;

    /// <summary>How many collections this run has made.</summary>
    public int Count { get; private set; }

    /// <summary>A pipeline carrying <paramref name="text"/> characters of SQL is done; collects when one is due.</summary>
    /// <param name="text">The pipeline's text, counted as its budget counts it.</param>
    /// <param name="collect">Makes the collection (the loop passes a full blocking one; tests count).</param>
    public void PipelineDone(long text, Action collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        _textSinceLast += text;
        if (_textSinceLast < TextBetween)
            return;
        _textSinceLast = 0;
        Count++;
        collect();
    }

    /// <summary>A full blocking collection: cheap, as the heap between pipelines is a few MB.</summary>
    public static void Full() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
}
