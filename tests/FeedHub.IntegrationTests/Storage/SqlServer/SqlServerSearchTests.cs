using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Search;
using FeedHub.Storage.SqlServer;
using FeedHub.Storage.Stories;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Search on SQL Server without a server: the value the dialect sends for a search, the
/// story query's seek and probe shapes parsed as T-SQL, and the id return that items' trigger needs.</summary>
public sealed class SqlServerSearchTests
{
    private static readonly ILookup<string, long> NoSourceTags = Array.Empty<(string, long)>().ToLookup(p => p.Item1, p => p.Item2);

    private readonly SqlServerDialect _dialect = new(commandTimeoutSeconds: 30);

    [Fact]
    public void Each_phrase_is_sought_by_its_longest_token_and_only_phrases_are_confirmed_on_the_text()
    {
        string value = (string)_dialect.TextSearchValue(SearchTerms.From(["Covid-19", "BANJARMASIN"])!);

        Phrase[] phrases = JsonSerializer.Deserialize<Phrase[]>(value)!;
        // The longest seek token first: the statement seeks by the first phrase.
        Assert.Equal(new Phrase("banjarmasin", "banjarmasin\uFFFF", null), phrases[0]);
        Assert.Equal(new Phrase("covid", "covid\uFFFF", "% covid 19%"), phrases[1]);
    }

    [Fact]
    public void A_token_longer_than_a_term_is_sought_by_its_stored_start_and_confirmed_on_the_text()
    {
        string token = new('a', SqlServerSearch.MaxTermLength + 10);

        Phrase phrase = Assert.Single(JsonSerializer.Deserialize<Phrase[]>((string)_dialect.TextSearchValue(SearchTerms.From([token])!))!);

        Assert.Equal(token[..SqlServerSearch.MaxTermLength], phrase.Low);
        Assert.Equal($"% {token}%", phrase.Like);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_story_query_seeks_or_probes_the_term_index_in_statements_that_parse(bool seek)
    {
        var query = new StoryQuery { Limit = 50, Words = ["banjir", "kota-baru"], Selections = [new StorySelection { Tags = ["Bencana"] }] };

        (string sql, DynamicParameters _) = StoryQuerySql.Build(query, _dialect, NoSourceTags, [seek, seek]);

        TSql.Parse(sql);
        Assert.Contains("item_search_terms", sql, StringComparison.Ordinal);
        Assert.Contains(seek ? "fh_term.term >= JSON_VALUE(@Search, '$[0].low')" : "fh_has.item_id = i.id", sql, StringComparison.Ordinal);
        foreach ((string count, DynamicParameters _) in StoryQuerySql.Counts(query, _dialect, NoSourceTags).OfType<(string, DynamicParameters)>())
        {
            TSql.Parse(count);
            Assert.Contains("TOP (@Cap)", count, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_table_with_a_trigger_returns_new_ids_through_OUTPUT_INTO()
    {
        // SQL Server refuses OUTPUT without INTO on a table with an enabled trigger (error 334).
        string[] triggered = [.. MigrationScripts.Load("SqlServer")
            .SelectMany(script => TSql.Parse(script.Sql).Batches)
            .SelectMany(batch => batch.Statements.OfType<CreateTriggerStatement>())
            .Select(trigger => trigger.TriggerObject.Name.BaseIdentifier.Value)
            .Distinct()];
        Assert.Contains("items", triggered);

        foreach (string table in triggered)
        {
            string insert = _dialect.InsertReturningId(table, "source_id, item_key", "@SourceId, @ItemKey");

            TSqlScript parsed = TSql.Parse(insert);
            Assert.Contains("OUTPUT inserted.id INTO @fh_new", insert, StringComparison.Ordinal);
            Assert.IsType<SelectStatement>(parsed.Batches[0].Statements[^1]);
        }

        Assert.DoesNotContain(" INTO @", _dialect.InsertReturningId("audit_log", "at", "@At"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_terms_trigger_splits_the_folded_text_in_the_binary_collation()
    {
        string script = MigrationScripts.Load("SqlServer").Single(s => s.Name == "0012_search_index").Sql;

        Assert.Contains("STRING_SPLIT(i.search_text, N' ')", script, StringComparison.Ordinal);
        Assert.Contains($"term    nvarchar({SqlServerSearch.MaxTermLength}) COLLATE {SqlServerSearch.Collation}", script, StringComparison.Ordinal);
        Assert.Contains($"LEFT(token.value, {SqlServerSearch.MaxTermLength}) COLLATE {SqlServerSearch.Collation}", script, StringComparison.Ordinal);
    }

    private sealed record Phrase([property: JsonPropertyName("low")] string Low, [property: JsonPropertyName("high")] string High, [property: JsonPropertyName("like")] string? Like);
}
