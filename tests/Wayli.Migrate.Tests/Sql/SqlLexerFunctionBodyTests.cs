namespace Wayli.Migrate.Tests.Sql;

public class SqlLexerFunctionBodyTests
{
    [Fact]
    public void Begin_atomic_body_keeps_its_semicolons_and_its_case_end()
    {
        const string function = """
            CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 END END;
              SELECT 2;
            END;
            """;

        Assert.Equal([function, "\nSELECT 3;"], LexerAssert.Sql(function + "\nSELECT 3;"));
    }

    [Theory]
    [InlineData("create or replace function f() returns int language sql begin atomic select 1; end;")]
    [InlineData("create procedure p() language sql begin atomic insert into t values (1); delete from t; end;")]
    [InlineData("Create Or Replace Procedure p() begin atomic select case when true then 1 end; end;")]
    public void Any_create_or_replace_function_or_procedure_header_is_tracked(string routine)
    {
        Assert.Equal([routine, " select 2;"], LexerAssert.Sql(routine + " select 2;"));
    }

    [Fact]
    public void A_transaction_begin_is_not_a_block()
    {
        Assert.Equal(3, LexerAssert.Sql("BEGIN; SELECT 1; END;").Length);
    }

    [Fact]
    public void Case_outside_a_begin_block_is_not_counted()
    {
        const string text = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN CASE WHEN x > 0 THEN 1 END; SELECT 1;";
        Assert.Equal(2, LexerAssert.Sql(text).Length);
    }

    [Fact]
    public void Begin_inside_parentheses_is_not_counted()
    {
        Assert.Equal(2, LexerAssert.Sql("CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1; SELECT 1;").Length);
    }

    [Fact]
    public void Plpgsql_bodies_in_dollar_quotes_are_opaque()
    {
        const string function = "create function f() returns int language plpgsql as $$ begin return 1; end $$;";
        Assert.Equal([function, " select 1;"], LexerAssert.Sql(function + " select 1;"));
    }

    [Fact]
    public void A_function_named_begin_swallows_the_rest_as_psql_would_and_is_reported()
    {
        var script = LexerAssert.Split("CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1;\nSELECT 1;");

        Assert.Single(script.Statements);
        var problem = Assert.Single(script.Problems);
        Assert.Equal((1, 17), (problem.Line, problem.Column));
        Assert.StartsWith("BEGIN without END", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void End_if_and_end_loop_only_close_one_level_each()
    {
        const string routine = "create function f() returns int begin atomic select 1; end if; select 2;";
        Assert.Equal(2, LexerAssert.Sql(routine).Length);
    }
}
