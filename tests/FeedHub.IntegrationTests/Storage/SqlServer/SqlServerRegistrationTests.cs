using FeedHub.Core.Storage;
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
    [Fact]
    public async Task SqlServer_is_a_provider_of_this_build_and_gets_its_dialect()
    {
        using IHost host = Build("Server=tcp:db.example,1433;Database=feedhub;User ID=feedhub;Password=hunter2;Encrypt=True");

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(host.Services.GetRequiredService<ISourceStore>());
        StorageBackend backend = host.Services.GetRequiredService<StorageBackend>();
        Assert.IsType<SqlServerDialect>(backend.Database.Dialect);
        Assert.IsType<SqlServerConnectionFactory>(backend.Database.Connections);
        Assert.Equal("SqlServer", backend.Database.Dialect.MigrationFolder);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_connection_string_SqlClient_cannot_read_fails_start_with_one_line_naming_the_key()
    {
        using IHost host = Build("Server=db;Databse=feedhub");

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        string failure = Assert.Single(error.Failures);
        Assert.StartsWith("FeedHub:Storage:ConnectionString is not a SQL Server connection string: ", failure, StringComparison.Ordinal);
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
