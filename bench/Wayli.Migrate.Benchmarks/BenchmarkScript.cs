using System.Globalization;
using System.Text;

namespace Wayli.Migrate.Benchmarks;

/// <summary>
/// A large, deterministic migration script in the style of real Supabase/PostgreSQL migrations:
/// plpgsql functions in dollar quotes, comments, strings of every kind, DDL and inserts.
/// </summary>
public static class BenchmarkScript
{
    // One migration "module"; {n} makes each copy's names distinct so nothing is trivially repeated.
    private const string Module = """
        -- Module {n}: items and the function that touches them; a ';' here is only comment.
        /* Block comment with $$ and 'quotes'; /* nested */ still comment. */
        create table if not exists app.items_{n} (
            id bigint generated always as identity primary key,
            name text not null default 'unnamed; really',
            note text default E'it\'s a \\ backslash',
            "weird;name" integer,
            created_at timestamptz not null default now()
        );

        create or replace function app.touch_{n}(p_id bigint, p_name text)
        returns void
        language plpgsql
        security definer
        set search_path = ''
        as $fn$
        declare
            v_count integer := 0; -- counter; not a terminator
        begin
            -- a comment inside the body with a 'quote
            update app.items_{n} set name = p_name || ';' where id = p_id;
            get diagnostics v_count = row_count;
            if v_count = 0 then
                raise exception 'item % not found; nothing to touch', p_id using errcode = 'P0002';
            end if;
            perform pg_notify('items', format('{"id": %s, "op": "touch"}', p_id));
            execute $q$select 1 from app.items_$q$ || {n} || $q$ where id = $1$q$ using p_id;
        end;
        $fn$;

        create index if not exists items_{n}_name_idx on app.items_{n} (lower(name));
        insert into app.items_{n} (name, note) values ('a', 'b'), ('c;d', E'e\nf'), ($$g$$, 'h''i');
        comment on function app.touch_{n}(bigint, text) is 'Touches an item; see the docs.';
        do $$ begin perform 1; end $$;


        """;

    /// <summary>Builds a script of at least <paramref name="minimumChars"/> UTF-16 characters.</summary>
    /// <param name="minimumChars">The smallest acceptable length.</param>
    public static string Build(int minimumChars)
    {
        var text = new StringBuilder(minimumChars + Module.Length * 2);
        for (var n = 1; text.Length < minimumChars; n++)
        {
            text.Append(Module.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return text.ToString();
    }
}
