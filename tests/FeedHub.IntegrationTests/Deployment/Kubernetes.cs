using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Deployment;

internal static class Kubernetes
{
    public static YamlMappingNode Deployment() => DeployFiles.Yaml("deploy/kubernetes/deployment.yaml");

    public static YamlNode Container() =>
        Assert.Single(((YamlSequenceNode)Deployment().At("spec", "template", "spec", "containers")).Children);
}
