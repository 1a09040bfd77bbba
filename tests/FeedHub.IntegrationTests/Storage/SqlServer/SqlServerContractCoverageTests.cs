namespace FeedHub.IntegrationTests.Storage.SqlServer;

public sealed class SqlServerContractCoverageTests
{
    [Fact]
    public void Every_contract_suite_that_runs_on_PostgreSQL_also_runs_on_SQL_Server()
    {
        Type[] types = typeof(SqlServerContractCoverageTests).Assembly.GetTypes();
        Type[] suites = [.. types.Where(type => type.Name.EndsWith("OnPostgres", StringComparison.Ordinal)).Select(type => type.BaseType!)];

        Assert.NotEmpty(suites);
        foreach (Type suite in suites)
        {
            Assert.True(
                types.Any(type => type.BaseType == suite && type.Name.EndsWith("OnSqlServer", StringComparison.Ordinal)),
                $"{suite.Name} runs on PostgreSQL but has no {suite.Name}OnSqlServer (Storage/SqlServer/ContractSuiteOnSqlServer.cs).");
        }
    }
}
