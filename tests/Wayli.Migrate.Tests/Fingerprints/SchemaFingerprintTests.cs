using Wayli.Migrate.Fingerprints;
using Wayli.Migrate.Tests.Support;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Tests.Fingerprints;

/// <summary>Each kind of change a migration can make shows up in the fingerprint, and nothing else does.</summary>
public sealed class SchemaFingerprintTests(PostgresServer server)
{
    [Fact]
    public async Task Capturing_twice_without_changes_gives_no_difference()
    {
        var db = await SampleDatabaseAsync();

        var first = await CaptureAsync(db);
        var second = await CaptureAsync(db);

        Assert.True(first.CompareTo(second).IsEmpty, first.CompareTo(second).Describe());
        Assert.Equal(first.Objects, second.Objects);
    }

    [Fact]
    public async Task Two_databases_given_the_same_DDL_have_equal_fingerprints()
    {
        // The second database gets unrelated objects first, so its OIDs are not the first one's.
        var a = await SampleDatabaseAsync();
        var b = await server.CreateDatabaseAsync();
        await b.RunScriptAsync("CREATE TABLE public.shift_oids (id int); DROP TABLE public.shift_oids;");
        await b.RunScriptAsync(SampleSchema.Sql);

        var difference = (await CaptureAsync(a)).CompareTo(await CaptureAsync(b));

        Assert.True(difference.IsEmpty, difference.Describe());
    }

    [Fact]
    public async Task The_sample_schema_is_covered_kind_by_kind()
    {
        var fingerprint = await CaptureAsync(await SampleDatabaseAsync());

        var kinds = fingerprint.Objects.Select(o => o.Kind).Distinct().ToList();
        Assert.Equal(
            ["column", "constraint", "event trigger", "extension", "function", "index", "materialized view", "partitioned table",
             "policy", "publication", "publication table", "rows", "schema", "sequence", "table", "trigger", "type", "view"],
            kinds);
        Assert.Equal("text NOT NULL DEFAULT ''::text", Find(fingerprint, "column", "public.trips.title").Definition);
        Assert.Equal("1 rows, md5 " + MD5Hex("(1,first,walk,,\"2025-01-01 00:00:00+00\")"), Find(fingerprint, "rows", "public.trips").Definition);
        Assert.Contains("enum ('walk', 'ride')", Find(fingerprint, "type", "public.trip_kind").Definition, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX trips_pkey ON public.trips", Find(fingerprint, "index", "public.trips.trips_pkey").Definition, StringComparison.Ordinal);
        Assert.DoesNotContain("last_value", Find(fingerprint, "sequence", "public.stops_id_seq").Definition, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE public.trips ADD COLUMN note text", "added", "column", "public.trips.note")]
    [InlineData("ALTER TABLE public.trips ALTER COLUMN title SET DEFAULT 'untitled'", "changed", "column", "public.trips.title")]
    [InlineData("ALTER TABLE public.stops ALTER COLUMN at TYPE text", "changed", "column", "public.stops.at")]
    [InlineData("CREATE INDEX trips_title_idx ON public.trips (title)", "added", "index", "public.trips.trips_title_idx")]
    [InlineData("DROP INDEX public.stops_trip_id_idx", "removed", "index", "public.stops.stops_trip_id_idx")]
    [InlineData("ALTER TABLE public.trips ADD CONSTRAINT title_short CHECK (length(title) < 100)", "added", "constraint", "public.trips.title_short")]
    [InlineData("CREATE OR REPLACE FUNCTION public.trip_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) + 0 FROM public.trips $$",
        "changed", "function", "public.trip_count()")]
    [InlineData("ALTER FUNCTION public.trip_count() SECURITY DEFINER", "changed", "function", "public.trip_count()")]
    [InlineData("GRANT EXECUTE ON FUNCTION public.trip_count() TO anon", "changed", "function", "public.trip_count()")]
    [InlineData("CREATE POLICY trips_write ON public.trips FOR INSERT TO authenticated WITH CHECK (true)", "added", "policy", "public.trips.trips_write")]
    [InlineData("ALTER POLICY trips_read ON public.trips TO anon, authenticated", "changed", "policy", "public.trips.trips_read")]
    [InlineData("GRANT SELECT ON public.trips TO anon", "changed", "table", "public.trips")]
    [InlineData("GRANT UPDATE (title) ON public.trips TO authenticated", "changed", "column", "public.trips.title")]
    [InlineData("REVOKE USAGE ON SCHEMA app FROM authenticated", "changed", "schema", "app")]
    [InlineData("ALTER TYPE public.trip_kind ADD VALUE 'drive'", "changed", "type", "public.trip_kind")]
    [InlineData("ALTER DOMAIN public.positive ADD CONSTRAINT below_million CHECK (VALUE < 1000000)", "changed", "type", "public.positive")]
    [InlineData("INSERT INTO public.trips (title) VALUES ('second')", "changed", "rows", "public.trips")]
    [InlineData("UPDATE app.settings SET value = '{\"dark\": false}'", "changed", "rows", "app.settings")]
    [InlineData("ALTER TABLE public.trips ENABLE ROW LEVEL SECURITY", "changed", "table", "public.trips")]
    [InlineData("ALTER TABLE public.trips FORCE ROW LEVEL SECURITY", "changed", "table", "public.trips")]
    [InlineData("CREATE TRIGGER stops_touch BEFORE UPDATE ON public.stops FOR EACH ROW EXECUTE FUNCTION public.touch()", "added", "trigger", "public.stops.stops_touch")]
    [InlineData("ALTER TABLE public.trips DISABLE TRIGGER trips_touch", "changed", "trigger", "public.trips.trips_touch")]
    [InlineData("CREATE OR REPLACE VIEW public.trip_titles AS SELECT id, title, kind FROM public.trips", "changed", "view", "public.trip_titles")]
    [InlineData("ALTER SEQUENCE public.stops_id_seq INCREMENT BY 5", "changed", "sequence", "public.stops_id_seq")]
    [InlineData("ALTER PUBLICATION wayli_fingerprint ADD TABLE public.stops", "added", "publication table", "wayli_fingerprint public.stops")]
    [InlineData("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO anon", "added", "default privileges", "for postgres in public on tables")]
    [InlineData("ALTER TABLE public.trips SET (fillfactor = 70)", "changed", "table", "public.trips")]
    [InlineData("COMMENT ON COLUMN public.trips.title IS 'What the user calls it'", "changed", "column", "public.trips.title")]
    [InlineData("CREATE EXTENSION pg_trgm", "added", "extension", "pg_trgm")]
    public async Task A_change_shows_up_as_the_object_it_changed(string change, string how, string kind, string identity)
    {
        var db = await SampleDatabaseAsync();
        var before = await CaptureAsync(db);
        await db.ExecuteAsync(change);

        var difference = before.CompareTo(await CaptureAsync(db));

        var found = how switch
        {
            "added" => difference.Added.Any(o => o.Kind == kind && o.Identity == identity),
            "removed" => difference.Removed.Any(o => o.Kind == kind && o.Identity == identity),
            _ => difference.Changed.Any(c => c.Before.Kind == kind && c.Before.Identity == identity),
        };
        Assert.True(found, $"expected {kind} {identity} {how}; the difference is:\n{difference}");
    }

    [Fact]
    public async Task Drawing_from_a_sequence_changes_nothing_but_inserting_a_row_does()
    {
        var db = await SampleDatabaseAsync();
        var before = await CaptureAsync(db);

        await db.ExecuteAsync("SELECT nextval('public.stops_id_seq'), nextval('public.stops_id_seq')");
        var drawn = before.CompareTo(await CaptureAsync(db));
        await db.ExecuteAsync("INSERT INTO public.stops (trip_id) VALUES (1)");
        var inserted = before.CompareTo(await CaptureAsync(db));

        Assert.True(drawn.IsEmpty, drawn.Describe());
        var change = Assert.Single(inserted.Changed);
        Assert.Equal(("rows", "public.stops"), (change.After.Kind, change.After.Identity));
        Assert.StartsWith("1 rows, md5 ", change.After.Definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_above_the_limit_records_its_count_only()
    {
        var db = await SampleDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO app.settings SELECT 'k' || i, 'null' FROM generate_series(1, 5) i");

        var fingerprint = await CaptureAsync(db, new FingerprintOptions(MaxRowsToHash: 3));

        Assert.Equal("not hashed: 6 rows", Find(fingerprint, "rows", "app.settings").Definition);
        Assert.StartsWith("1 rows, md5 ", Find(fingerprint, "rows", "public.trips").Definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excluded_schemas_and_objects_are_left_out()
    {
        var db = await SampleDatabaseAsync();

        var fingerprint = await CaptureAsync(db, new FingerprintOptions(
            ExcludedSchemas: ["app"], Exclude: o => o.Identity.StartsWith("public.stops", StringComparison.Ordinal)));

        Assert.DoesNotContain(fingerprint.Objects, o => o.Identity.StartsWith("app", StringComparison.Ordinal));
        Assert.DoesNotContain(fingerprint.Objects, o => o.Identity.StartsWith("public.stops", StringComparison.Ordinal));
        Assert.Contains(fingerprint.Objects, o => o.Identity == "public.trips");
    }

    [Fact]
    public async Task An_extension_is_one_object_not_its_members()
    {
        var db = await SampleDatabaseAsync();
        var before = await CaptureAsync(db);
        await db.ExecuteAsync("CREATE EXTENSION pgcrypto WITH SCHEMA public");

        var difference = before.CompareTo(await CaptureAsync(db));

        var added = Assert.Single(difference.Added);
        Assert.Equal(("extension", "pgcrypto"), (added.Kind, added.Identity));
        Assert.Contains("schema public", added.Definition, StringComparison.Ordinal);
        Assert.Empty(difference.Removed);
        Assert.Empty(difference.Changed);
    }

    [Fact]
    public async Task Capturing_leaves_the_session_as_it_was()
    {
        var db = await SampleDatabaseAsync();
        await using var connection = await db.OpenAsync();
        await ScalarTextAsync(connection, "SELECT set_config('search_path', 'app, public', false)");

        await SchemaFingerprint.CaptureAsync(connection, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("app, public", await ScalarTextAsync(connection, "SELECT current_setting('search_path')"));
        Assert.Equal("off", await ScalarTextAsync(connection, "SELECT current_setting('transaction_read_only')"));
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
    }

    async Task<TestDatabase> SampleDatabaseAsync()
    {
        var db = await server.CreateDatabaseAsync();
        await db.RunScriptAsync(SampleSchema.Sql);
        return db;
    }

    static async Task<SchemaFingerprint> CaptureAsync(TestDatabase db, FingerprintOptions? options = null)
    {
        await using var connection = await db.OpenAsync();
        return await SchemaFingerprint.CaptureAsync(connection, options, TestContext.Current.CancellationToken);
    }

    static SchemaObject Find(SchemaFingerprint fingerprint, string kind, string identity) =>
        Assert.Single(fingerprint.Objects, o => o.Kind == kind && o.Identity == identity);

    static async Task<string> ScalarTextAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    static string MD5Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
