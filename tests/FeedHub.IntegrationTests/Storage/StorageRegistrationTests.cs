using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Storage;

public sealed class StorageRegistrationTests
{
    [Theory]
    [InlineData("7")]
    public async Task A_provider_missing_from_this_build_fails_host_start_with_a_clear_message(string provider)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FeedHub:Storage:Provider"] = provider,
            ["FeedHub:Storage:ConnectionString"] = "Server=db;Database=feedhub",
        });
        builder.Services.AddFeedHubStorage();
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"Storage provider {provider} is not available in this build", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<ISourceStore>());
    }

    [Fact]
    public async Task A_relative_data_source_resolves_against_the_current_directory_and_its_folder_is_created()
    {
        string folder = Path.Combine(Path.GetTempPath(), "feedhub-storage-" + Guid.NewGuid().ToString("N"));
        string target = Path.Combine(folder, "nested", "data", "feedhub.db");
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), target);
        Assert.False(Path.IsPathRooted(relative));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddFeedHubStorage(options => options.ConnectionString = $"Data Source={relative}");
        string? pool = null;
        try
        {
            await using (ServiceProvider provider = services.BuildServiceProvider())
            {
                pool = SqlitePools.PoolOf(provider);
                await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(TestContext.Current.CancellationToken);
                Assert.Empty(await provider.GetRequiredService<ISourceStore>().ListAsync(TestContext.Current.CancellationToken));
            }

            Assert.True(File.Exists(target));
        }
        finally
        {
            SqlitePools.Clear(pool);
            Directory.Delete(folder, recursive: true);
        }
    }
}
