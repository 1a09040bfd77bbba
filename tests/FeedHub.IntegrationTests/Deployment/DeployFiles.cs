using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>The files of <c>deploy/</c>, read as the tools that use them would read them.</summary>
internal static partial class DeployFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(RepositoryRoot, relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static YamlMappingNode Yaml(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Text(relative));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static YamlNode? Child(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child : null;

    public static YamlNode At(this YamlNode node, params string[] keys)
    {
        YamlNode current = node;
        foreach (string key in keys)
        {
            current = current.Child(key) ?? throw new KeyNotFoundException($"no '{key}' in {string.Join('.', keys)}");
        }

        return current;
    }

    public static string Scalar(this YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    /// <summary>A compose <c>environment</c>, map or list form.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ComposeEnvironment(YamlNode environment) => environment switch
    {
        YamlMappingNode map => map.Children.Select(pair => KeyValuePair.Create(pair.Key.Scalar(), pair.Value.Scalar())),
        YamlSequenceNode list => list.Children.Select(item => item.Scalar().Split('=', 2)).Select(parts => KeyValuePair.Create(parts[0], parts.Length > 1 ? parts[1] : "")),
        _ => [],
    };

    /// <summary>Compose's <c>${VAR:-default}</c> becomes the default; <c>${VAR:?message}</c> and
    /// <c>${VAR}</c> a placeholder, as the operator's value would stand there.</summary>
    public static string Interpolated(string value) => Interpolation().Replace(value, match =>
        match.Groups["op"].Value == ":-" ? match.Groups["rest"].Value : "operator-value");

    /// <summary>Every <c>FeedHub__...=value</c> a text names, commented examples included: an operator
    /// copies those too.</summary>
    public static IEnumerable<KeyValuePair<string, string>> FeedHubAssignments(string text) =>
        Assignment().Matches(text).Select(match => KeyValuePair.Create(match.Groups["key"].Value, match.Groups["value"].Value.Trim().TrimEnd('"')));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "FeedHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FeedHub.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\?|-|\?)(?<rest>[^}]*))?\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"(?<key>FeedHub__[A-Za-z0-9_]+)=(?<value>[^\s""'`]*)")]
    private static partial Regex Assignment();
}
