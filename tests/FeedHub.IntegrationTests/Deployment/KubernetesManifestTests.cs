using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>deploy/kubernetes: no cluster runs here, so the manifests are checked for what the
/// kubelet and kustomize would need to find.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public void The_deployment_runs_replicas_with_health_probes_and_resource_requests()
    {
        YamlMappingNode deployment = Kubernetes.Deployment();
        YamlNode container = Kubernetes.Container();

        Assert.Equal("apps/v1", deployment.At("apiVersion").Scalar());
        Assert.True(int.Parse(deployment.At("spec", "replicas").Scalar(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("/health/live", container.At("livenessProbe", "httpGet", "path").Scalar());
        Assert.Equal("/health/ready", container.At("readinessProbe", "httpGet", "path").Scalar());
        Assert.NotEmpty(container.At("resources", "requests", "cpu").Scalar());
        Assert.NotEmpty(container.At("resources", "requests", "memory").Scalar());
        Assert.Equal("true", deployment.At("spec", "template", "spec", "securityContext", "runAsNonRoot").Scalar());
        Assert.Equal("5080", Assert.Single((YamlSequenceNode)container.At("ports")).At("containerPort").Scalar());
        // Selector and pod labels agree, or the Deployment owns no pods.
        Assert.Equal(
            deployment.At("spec", "selector", "matchLabels", "app.kubernetes.io/name").Scalar(),
            deployment.At("spec", "template", "metadata", "labels", "app.kubernetes.io/name").Scalar());
    }

    [Fact]
    public void The_connection_string_comes_from_the_secret_and_the_settings_from_the_config_map()
    {
        YamlNode container = Kubernetes.Container();
        YamlMappingNode secret = DeployFiles.Yaml("deploy/kubernetes/secret.yaml");
        YamlMappingNode kustomization = DeployFiles.Yaml("deploy/kubernetes/kustomization.yaml");
        YamlNode connection = ((YamlSequenceNode)container.At("env")).Single(v => v.At("name").Scalar() == "FeedHub__Storage__ConnectionString");
        YamlNode settingsVolume = ((YamlSequenceNode)Kubernetes.Deployment().At("spec", "template", "spec", "volumes")).Single(v => v.At("name").Scalar() == "settings");
        YamlNode generator = Assert.Single((YamlSequenceNode)kustomization.At("configMapGenerator"));
        YamlNode mount = ((YamlSequenceNode)container.At("volumeMounts")).Single(m => m.At("name").Scalar() == "settings");
        string workdir = Dockerfile.Load().Last(i => i.Keyword == "WORKDIR").Arguments;

        Assert.Equal("Secret", secret.At("kind").Scalar());
        Assert.Equal(secret.At("metadata", "name").Scalar(), connection.At("valueFrom", "secretKeyRef", "name").Scalar());
        Assert.NotNull(secret.At("stringData").Child(connection.At("valueFrom", "secretKeyRef", "key").Scalar()));
        Assert.Equal(generator.At("name").Scalar(), settingsVolume.At("configMap", "name").Scalar());
        string settingsFile = Assert.Single((YamlSequenceNode)generator.At("files")).Scalar();
        Assert.True(File.Exists(DeployFiles.Path($"deploy/kubernetes/{settingsFile}")));
        // Mounted beside the image's appsettings.json, where the host reads appsettings.{Environment}.json.
        Assert.Equal($"{workdir}/{settingsFile}", mount.At("mountPath").Scalar());
        Assert.Equal(settingsFile, mount.At("subPath").Scalar());
        Assert.Equal("appsettings.Production.json", settingsFile);
    }

    [Fact]
    public void Kustomization_lists_files_that_exist_and_the_service_targets_the_container_port()
    {
        YamlMappingNode kustomization = DeployFiles.Yaml("deploy/kubernetes/kustomization.yaml");
        YamlMappingNode service = DeployFiles.Yaml("deploy/kubernetes/service.yaml");
        YamlNode port = Assert.Single((YamlSequenceNode)Kubernetes.Container().At("ports"));

        Assert.All((YamlSequenceNode)kustomization.At("resources"), resource => Assert.True(File.Exists(DeployFiles.Path($"deploy/kubernetes/{resource.Scalar()}")), resource.Scalar()));
        Assert.Equal(port.At("name").Scalar(), Assert.Single((YamlSequenceNode)service.At("spec", "ports")).At("targetPort").Scalar());
        Assert.Equal(
            Kubernetes.Deployment().At("spec", "template", "metadata", "labels", "app.kubernetes.io/name").Scalar(),
            service.At("spec", "selector", "app.kubernetes.io/name").Scalar());
    }
}
