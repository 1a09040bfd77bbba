using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>Every configuration key the deployment files set exists in the options classes, with a
/// value its property can hold: a misspelt key would otherwise be ignored by the host in silence.</summary>
public sealed class DeployConfigurationKeysTests
{
    [Fact]
    public void The_checker_refuses_unknown_keys_and_values_a_property_cannot_hold()
    {
        IReadOnlyList<string> problems = OptionsKeys.Problems(
        [
            KeyValuePair.Create("FeedHub__Storage__Provder", (string?)"Postgres"),
            KeyValuePair.Create("FeedHub__Storage__Provider", (string?)"Oracle"),
            KeyValuePair.Create("FeedHub__Scheduling__Clustered", (string?)"yes please"),
            KeyValuePair.Create("FeedHub__Nothing__Here", (string?)"1"),
            KeyValuePair.Create("FEEDHUB_STORAGE", (string?)"x"),
        ]);

        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void The_repository_appsettings_json_binds()
    {
        Assert.Empty(OptionsKeys.Problems(OptionsKeys.FromJson(DeployFiles.Path("appsettings.json"))));
    }

    [Fact]
    public void The_Dockerfile_sets_existing_keys()
    {
        IEnumerable<KeyValuePair<string, string?>> settings = Dockerfile.Load()
            .Where(instruction => instruction.Keyword == "ENV")
            .SelectMany(instruction => Dockerfile.EnvAssignments(instruction.Arguments));

        Assert.Empty(OptionsKeys.Problems(settings));
    }

    [Theory]
    [InlineData("deploy/compose.yaml")]
    [InlineData("deploy/compose.sqlserver.yaml")]
    public void Compose_files_set_existing_keys_on_the_feedhub_services(string file)
    {
        var settings = new List<KeyValuePair<string, string?>>();
        foreach ((YamlNode _, YamlNode service) in ((YamlMappingNode)DeployFiles.Yaml(file).At("services")).Children)
        {
            if (!(service.Child("image")?.Scalar().StartsWith("feedhub", StringComparison.Ordinal) ?? false))
            {
                continue;
            }

            settings.AddRange(DeployFiles.ComposeEnvironment(service.At("environment"))
                .Select(pair => KeyValuePair.Create(pair.Key, (string?)DeployFiles.Interpolated(pair.Value))));
        }

        Assert.NotEmpty(settings);
        Assert.Empty(OptionsKeys.Problems(settings));
    }

    [Fact]
    public void Kubernetes_settings_file_and_container_environment_set_existing_keys()
    {
        IEnumerable<KeyValuePair<string, string?>> settings = OptionsKeys.FromJson(DeployFiles.Path("deploy/kubernetes/appsettings.Production.json"))
            .Concat(((YamlSequenceNode)Kubernetes.Container().At("env")).Select(variable => KeyValuePair.Create(
                variable.At("name").Scalar(), (string?)(variable.Child("value")?.Scalar() ?? "from-secret"))));

        Assert.Empty(OptionsKeys.Problems(settings));
    }

    [Theory]
    [InlineData("deploy/feedhub.service")]
    [InlineData("deploy/README.md")]
    [InlineData("README.md")]
    public void Every_FeedHub_variable_an_operator_can_copy_exists(string file)
    {
        List<KeyValuePair<string, string?>> settings = [.. DeployFiles.FeedHubAssignments(DeployFiles.Text(file))
            .Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value.Trim('`', ' ')))
            // Placeholders in prose ("=...", "=sha256:...") stand for the operator's value.
            .Where(pair => pair.Value is { Length: > 0 } value && !value.Contains("...", StringComparison.Ordinal))];

        Assert.Empty(OptionsKeys.Problems(settings));
    }
}
