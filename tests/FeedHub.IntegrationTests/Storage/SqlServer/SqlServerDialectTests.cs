using FeedHub.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>The SQL the SQL Server dialect generates, each fragment in a statement the way the
/// stores use it, parsed as T-SQL.</summary>
public sealed class SqlServerDialectTests
{
    private readonly SqlServerDialect _dialect = new(commandTimeoutSeconds: 30);

    [Fact]
    public void Limit_is_OFFSET_FETCH_after_the_ORDER_BY()
    {
        string sql = $"SELECT id FROM stories ORDER BY published_at DESC, id DESC {_dialect.Limit("@Limit")}";

        Assert.Equal("OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY", _dialect.Limit("@Limit"));
        Assert.IsType<SelectStatement>(Assert.Single(TSql.Parse(sql).Batches[0].Statements));
    }

    [Fact]
    public void Lists_travel_as_one_JSON_parameter_read_with_OPENJSON()
    {
        string sql = $"SELECT id FROM items WHERE source_id = @SourceId AND {_dialect.InList("item_key", "@Keys")}";

        TSql.Parse(sql);
        Assert.Equal("item_key IN (SELECT value FROM OPENJSON(@Keys))", _dialect.InList("item_key", "@Keys"));
        Assert.Equal("[1,2,3]", _dialect.ListValue(new long[] { 1, 2, 3 }));
        Assert.Equal("[\"g:ab\",\"l:\\u00E9\"]", _dialect.ListValue(new[] { "g:ab", "l:\u00e9" }));
    }

    [Theory]
    [InlineData("canonical_link", "canonical_link_hash")]
    [InlineData("cs.url_key", "cs.url_key_hash")]
    public void A_list_of_long_keys_is_matched_through_their_indexed_hash_and_then_exactly(string column, string hash)
    {
        string predicate = _dialect.InList(column, "@Links");

        TSql.Parse($"SELECT canonical_link, story_id FROM items AS cs WHERE {predicate} ORDER BY id");
        Assert.StartsWith($"({hash} IN (SELECT CAST(HASHBYTES('SHA2_256', value) AS binary(32)) FROM OPENJSON(@Links))", predicate, StringComparison.Ordinal);
        Assert.EndsWith($"AND {column} IN (SELECT value FROM OPENJSON(@Links)))", predicate, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_rows_are_read_from_a_JSON_array_of_arrays_with_reserved_names_quoted()
    {
        string rows = _dialect.IntegerRows("@Postings", "key", "item_id", "story_id");
        string sql = $"SELECT p.[key], i.published_at, i.id, p.story_id FROM {rows} AS p JOIN items AS i ON i.id = p.item_id";

        TSql.Parse(sql);
        Assert.Equal("(SELECT [key], [item_id], [story_id] FROM OPENJSON(@Postings) WITH ([key] bigint '$[0]', [item_id] bigint '$[1]', [story_id] bigint '$[2]'))", rows);
        Assert.Equal("[[1,2,3],[4,5,6]]", _dialect.RowsValue([[1, 2, 3], [4, 5, 6]]));
    }

    [Fact]
    public void Json_array_elements_come_from_OPENJSON_with_a_value_column()
    {
        string sql = $"SELECT 1 FROM sources AS cs WHERE EXISTS (SELECT 1 FROM {_dialect.JsonArrayElements("cs.tags", "t")} WHERE {_dialect.InList("lower(t.value)", "@Tags0")})";

        TSql.Parse(sql);
        Assert.Equal("OPENJSON(cs.tags) AS t", _dialect.JsonArrayElements("cs.tags", "t"));
    }

    [Fact]
    public void New_ids_come_back_through_OUTPUT_from_IDENTITY()
    {
        string audit = _dialect.InsertReturningId("audit_log", "at, actor, action, source_id, details", "@At, @Actor, @Action, @SourceId, @Details");
        string story = _dialect.InsertStoryReturningId("canonical_link, published_at, first_seen_at, updated_at", "@CanonicalLink, @PublishedAt, @Now, @Now");

        Assert.Equal("INSERT INTO audit_log ([at], [actor], [action], [source_id], [details]) OUTPUT inserted.id VALUES (@At, @Actor, @Action, @SourceId, @Details)", audit);
        Assert.IsType<InsertStatement>(Assert.Single(TSql.Parse(audit).Batches[0].Statements));
        Assert.IsType<InsertStatement>(Assert.Single(TSql.Parse(story).Batches[0].Statements));
        Assert.DoesNotContain("max(", story, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("story_ids", story, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VALUES (@Name, @Value, @SetAt)")]
    [InlineData("SELECT @Name, @Value, @SetAt WHERE 1 = 1")]
    public void Inserting_a_key_that_exists_or_is_inserted_concurrently_is_already_having_it(string rows)
    {
        string sql = _dialect.InsertIgnoringDuplicates("settings", "name, value, set_at", rows, "name");

        TSqlScript parsed = TSql.Parse(sql);
        Assert.Contains("NOT EXISTS (SELECT 1 FROM settings AS fh_existing WITH (READCOMMITTEDLOCK) WHERE fh_existing.[name] = fh_row.[name])", sql, StringComparison.Ordinal);
        Assert.Contains("ERROR_NUMBER() NOT IN (2601, 2627)", sql, StringComparison.Ordinal);
        Assert.Contains("PARTITION BY [name]", sql, StringComparison.Ordinal);
        Assert.Single(parsed.Batches);
        Assert.DoesNotContain("MERGE", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicts_on_a_long_key_are_found_through_its_hash()
    {
        string sql = _dialect.Upsert(
            "source_aliases",
            "url_key, url, source_id, created_at",
            "VALUES (@OldKey, @OldUrl, @SourceId, @Now)",
            "url_key",
            ["url", "source_id", "created_at"]);

        TSql.Parse(sql);
        Assert.Contains("fh_existing.[url_key_hash] = CAST(HASHBYTES('SHA2_256', fh_row.[url_key]) AS binary(32))", sql, StringComparison.Ordinal);
        Assert.Contains("UPDATE fh_existing SET [url] = fh_row.[url], [source_id] = fh_row.[source_id], [created_at] = fh_row.[created_at]", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_rows_insert_ignoring_repeats_within_the_statement_too()
    {
        string sql = _dialect.InsertIgnoringDuplicates(
            "story_keys",
            "key, published_at, item_id, story_id",
            $"SELECT p.[key], i.published_at, i.id, p.story_id FROM {_dialect.IntegerRows("@Postings", "key", "item_id", "story_id")} AS p JOIN items AS i ON i.id = p.item_id WHERE 1 = 1",
            "key, published_at, item_id");

        TSql.Parse(sql);
        Assert.Contains("INSERT INTO story_keys ([key], [published_at], [item_id], [story_id])", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE fh_copy = 1", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Migration_bookkeeping_and_locks_parse()
    {
        TSql.Parse(_dialect.CreateHistoryTableSql);
        TSql.Parse(_dialect.HistoryTableExistsSql);
        TSql.Parse(SqlServerDialect.SnapshotIsolationStateSql);
        TSql.Parse(SqlServerAppLock.AcquireSql("Session"));
        TSql.Parse(SqlServerAppLock.AcquireSql("Transaction"));
        TSql.Parse(SqlServerAppLock.ReleaseSessionSql);
        Assert.Contains("@LockOwner = 'Session'", SqlServerAppLock.AcquireSql("Session"), StringComparison.Ordinal);
        Assert.Equal("SqlServer", _dialect.MigrationFolder);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    [InlineData(-3, false)]
    [InlineData(-999, false)]
    public void An_app_lock_not_granted_is_an_error_that_says_why(int result, bool granted)
    {
        if (granted)
        {
            SqlServerAppLock.EnsureGranted(result, "FeedHub.Migrations");
            return;
        }

        TimeoutException error = Assert.Throws<TimeoutException>(() => SqlServerAppLock.EnsureGranted(result, "FeedHub.Migrations"));
        Assert.StartsWith("SQL Server lock FeedHub.Migrations could not be taken: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_wait_ends_before_the_command_timeout()
    {
        Assert.Equal(29_000, SqlServerAppLock.WaitMilliseconds(30));
        Assert.Equal(1_000, SqlServerAppLock.WaitMilliseconds(1));
    }
}
