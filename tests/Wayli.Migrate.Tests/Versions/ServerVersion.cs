using System.Globalization;
using Wayli.Migrate.Tests.Support;

namespace Wayli.Migrate.Tests.Versions;

/// <summary>
/// The major version of the server the tests run against (PG_BIN picks its binaries; scripts/test.sh --all-versions
/// runs these tests on 15, 16, 17 and 18), so a test can assert what that version does.
/// </summary>
public static class ServerVersion
{
    /// <summary>The major version: 15 for <c>server_version_num</c> 150014.</summary>
    public static async Task<int> MajorAsync(TestDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var number = int.Parse(await db.ScalarAsync<string>("SHOW server_version_num"), CultureInfo.InvariantCulture);
        Assert.True(number >= 150000, $"server_version_num {number}: the supported versions are 15 and later");
        return number / 10000;
    }
}
