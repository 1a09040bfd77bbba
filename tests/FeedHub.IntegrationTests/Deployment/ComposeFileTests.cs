using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>The compose files: a database, a one-shot migration, then clustered replicas of the
/// worker on that database.</summary>
public sealed class ComposeFileTests
{
    [Theory]
    [InlineData("deploy/compose.yaml", "postgres", "postgres:", "Postgres")]
    [InlineData("deploy/compose.sqlserver.yaml", "sqlserver", "mcr.microsoft.com/mssql/server:2022-", "SqlServer")]
    public void Two_clustered_replicas_start_after_the_database_and_the_migration(string file, string database, string databaseImage, string provider)
    {
        var services = (YamlMappingNode)DeployFiles.Yaml(file).At("services");
        YamlNode feedhub = services.At("feedhub");
        Dictionary<string, string> environment = DeployFiles.ComposeEnvironment(feedhub.At("environment")).ToDictionary();

        Assert.StartsWith(databaseImage, services.At(database, "image").Scalar(), StringComparison.Ordinal);
        Assert.NotNull(services.At(database).Child("healthcheck"));
        Assert.Equal("2", feedhub.At("deploy", "replicas").Scalar());
        Assert.Equal(provider, environment["FeedHub__Storage__Provider"]);
        Assert.Equal("true", environment["FeedHub__Scheduling__Clustered"]);
        Assert.Equal("service_completed_successfully", feedhub.At("depends_on", "migrate", "condition").Scalar());
        Assert.Equal(["migrate"], ((YamlSequenceNode)services.At("migrate", "command")).Select(node => node.Scalar()));
        Assert.Equal("deploy/Dockerfile", services.At("migrate", "build", "dockerfile").Scalar());
        // The migration uses the same settings as the replicas, so it migrates the database they use.
        Assert.Equal(environment, DeployFiles.ComposeEnvironment(services.At("migrate", "environment")).ToDictionary());
        // No secret is written into the file: the password comes from the operator's environment.
        Assert.Contains("Password=${", environment["FeedHub__Storage__ConnectionString"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/compose.yaml")]
    [InlineData("deploy/compose.sqlserver.yaml")]
    public void Every_service_a_service_depends_on_exists(string file)
    {
        var services = (YamlMappingNode)DeployFiles.Yaml(file).At("services");
        IEnumerable<string> dependencies = services.Children.Values
            .Select(service => service.Child("depends_on"))
            .OfType<YamlMappingNode>()
            .SelectMany(dependsOn => dependsOn.Children.Keys.Select(key => key.Scalar()));

        Assert.All(dependencies, name => Assert.NotNull(services.Child(name)));
    }
}
