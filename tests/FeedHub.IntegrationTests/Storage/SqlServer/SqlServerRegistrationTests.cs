using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Provider=SqlServer through the one provider switch, as the host configures it. Building
/// the stores opens no connection, so this needs no server.</summary>
public sealed class SqlServerRegistrationTests
{
    private const string ConnectionString = "Server=tcp:db.example,1433;Database=feedhub;User ID=feedhub;Password=hunter2;Encrypt=True";

    [Fact]
    public void SqlServer_is_a_provider_of_this_build_with_its_own_connections_and_dialect()
    {
        StorageBackend backend = StorageBackends.Create(
            new StorageOptions { Provider = StorageProvider.SqlServer, ConnectionString = ConnectionString },
            new StoryOptions(),
            TimeProvider.System);

        Assert.True(StorageBackends.IsAvailable(StorageProvider.SqlServer));
        Assert.IsType<SqlServerDialect>(backend.Database.Dialect);
        Assert.IsType<SqlServerConnectionFactory>(backend.Database.Connections);
        Assert.Equal("SqlServer", backend.Database.Dialect.MigrationFolder);
    }

    [Fact]
    public async Task A_connection_string_SqlClient_cannot_read_fails_start_with_one_line_naming_the_key()
    {
        using IHost host = Build("Server=db;Databse=feedhub");

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        string failure = Assert.Single(error.Failures, line => line.StartsWith("FeedHub:Storage:ConnectionString is not a valid SqlServer connection string: ", StringComparison.Ordinal));
        Assert.Contains("databse", failure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', failure);
    }

    private static IHost Build(string connectionString)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FeedHub:Storage:Provider"] = "SqlServer",
            ["FeedHub:Storage:ConnectionString"] = connectionString,
        });
        builder.Services.AddFeedHubStorage();
        return builder.Build();
    }
}
