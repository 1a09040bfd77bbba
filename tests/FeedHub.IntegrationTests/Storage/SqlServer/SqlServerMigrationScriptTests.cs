using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>The embedded SQL Server migrations, checked without a server: each parses, and is sent
/// in batches that each parse on their own (as the migrator sends them).</summary>
public sealed class SqlServerMigrationScriptTests
{
    public static TheoryData<string> ScriptNames() => [.. MigrationScripts.Load("SqlServer").Select(script => script.Name)];

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void Every_migration_parses_as_TSql_and_splits_into_the_batches_the_parser_sees(string name)
    {
        string sql = Script(name);

        TSqlScript parsed = TSql.Parse(sql);
        IReadOnlyList<string> batches = SqlServerBatches.Split(sql);

        Assert.Equal(parsed.Batches.Count, batches.Count);
        foreach (string batch in batches)
        {
            Assert.DoesNotMatch(@"(?im)^\s*GO\s*$", batch);
            Assert.Single(TSql.Parse(batch).Batches);
        }
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void Statements_the_server_wants_alone_in_a_batch_are_alone(string name)
    {
        // CREATE TRIGGER, VIEW, PROCEDURE and FUNCTION must be the only statement of their batch;
        // the parser accepts them anywhere, the server does not.
        TSqlScript parsed = TSql.Parse(Script(name));

        foreach (TSqlBatch batch in parsed.Batches)
        {
            if (batch.Statements.Any(statement => statement is CreateTriggerStatement or CreateViewStatement or CreateProcedureStatement or CreateFunctionStatement))
            {
                Assert.Single(batch.Statements);
            }
        }
    }

    [Fact]
    public void The_change_version_is_stamped_by_a_trigger_in_a_batch_of_its_own()
    {
        TSqlScript parsed = TSql.Parse(Script("0011_baseline"));

        Assert.Contains(parsed.Batches, batch => batch.Statements is [CreateTriggerStatement { Name.BaseIdentifier.Value: "tr_feed_version_changed_at" }]);
    }

    [Fact]
    public void The_latest_version_is_the_same_on_SQLite_and_SQL_Server()
    {
        // A migration added for one engine only would leave the other behind with the same number.
        Assert.Equal(
            MigrationScripts.Load("Sqlite")[^1].Version,
            MigrationScripts.Load("SqlServer")[^1].Version);
    }

    private static string Script(string name) =>
        MigrationScripts.Load("SqlServer").Single(script => script.Name == name).Sql;
}
