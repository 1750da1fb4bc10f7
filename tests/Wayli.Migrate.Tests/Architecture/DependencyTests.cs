using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Architecture;

/// <summary>
/// The engine's folders are layers: arrows point one way (the command line → the runner → sources, planning,
/// execution, history, connections…) and nothing points back. Read from the source files, so a new reference that
/// closes a cycle fails here, naming the cycle.
/// </summary>
public sealed class DependencyTests
{
    [Fact]
    public void The_engine_folders_refer_to_each_other_without_a_cycle()
    {
        var dependencies = SourceDependencies.Read();

        Assert.True(dependencies.Cycles().Count == 0, "cycles between engine folders:\n" + string.Join('\n', dependencies.Cycles()));
        // The test reads something: the runner reaches every stage of the pipeline.
        Assert.Superset(new HashSet<string> { "Sources", "Planning", "Execution", "History", "Connections" }.ToHashSet(), dependencies.Edges["Runs"].ToHashSet());
    }

    [Fact]
    public void The_engine_never_refers_to_the_command_line()
    {
        var dependencies = SourceDependencies.Read();

        Assert.True(dependencies.CliReferences.Count == 0,
            string.Join('\n', dependencies.CliReferences.Select(r => $"{r.File}: {r.Reference}")));
    }

    [Fact]
    public void A_reference_from_history_back_to_the_runner_is_reported_as_a_cycle()
    {
        var engine = Path.Combine(Paths.Repository, "src", "Wayli.Migrate");

        var dependencies = SourceDependencies.Read(engine, ("History", "using Wayli.Migrate.Runs;\nnamespace Wayli.Migrate.History;\n"));

        Assert.Contains(dependencies.Cycles(), c => c.StartsWith("History → Runs", StringComparison.Ordinal) && c.EndsWith("History", StringComparison.Ordinal));
    }

    [Fact]
    public void References_in_comments_and_strings_do_not_count()
    {
        var engine = Path.Combine(Paths.Repository, "src", "Wayli.Migrate");

        var dependencies = SourceDependencies.Read(engine, ("Sql",
            "namespace Wayli.Migrate.Sql;\n// see Wayli.Migrate.Runs\nclass X { string s = \"Runs.MigrateRun\"; }\n"));

        Assert.DoesNotContain("Runs", dependencies.Edges["Sql"]);
    }
}
