using Wayli.Migrate.Sources;

namespace Wayli.Migrate.Tests.Support;

/// <summary>Migrations made from bytes in memory, checked and lexed as a folder's files are.</summary>
public static class TestMigrations
{
    /// <summary>Parses <paramref name="bytes"/> as the migration file <paramref name="fileName"/>, adding its problems to <paramref name="problems"/>.</summary>
    public static Migration? Parse(MigrationFileName name, string fileName, string path, byte[] bytes, List<SourceProblem> problems) =>
        MigrationParser.Parse(name, fileName, path, bytes, problems, () => bytes, lexNow: true);
}
