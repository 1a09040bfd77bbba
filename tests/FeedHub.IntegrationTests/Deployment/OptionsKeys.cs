using System.Reflection;
using FeedHub.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>Checks configuration keys against the options classes the worker binds under
/// <c>FeedHub:*</c>, found by reflection (every options class names its section in a constant
/// <c>Section</c> or <c>SectionName</c>). Each key is bound the way the host binds it, with unknown
/// keys refused and values converted, so a misspelt key or a value its property cannot hold fails.</summary>
internal static class OptionsKeys
{
    /// <summary>Keys outside <c>FeedHub</c> that deployments set and the host itself reads.</summary>
    private static readonly string[] HostKeys =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_CONTENTROOT", "URLS", "AllowedHosts",
        // Read by glibc when the process starts (Hosting/MallocArenas).
        "MALLOC_ARENA_MAX",
    ];

    public static IReadOnlyList<(string Section, Type Type)> Sections { get; } = FindSections();

    /// <summary>The problems with <paramref name="settings"/> (configuration keys with ':' or
    /// environment variable names with '__'); empty when every key binds.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var problems = new List<string>();
        foreach ((string rawKey, string? value) in settings)
        {
            string key = rawKey.Replace("__", ":", StringComparison.Ordinal);
            if (!key.StartsWith("FeedHub:", StringComparison.OrdinalIgnoreCase))
            {
                if (!HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase) && !key.StartsWith("Logging:", StringComparison.OrdinalIgnoreCase)
                    && !key.StartsWith("OTEL_", StringComparison.Ordinal))
                {
                    problems.Add($"{rawKey}: not a key the worker reads");
                }

                continue;
            }

            if (Bind(key, value) is { } problem)
            {
                problems.Add($"{rawKey}={value}: {problem}");
            }
        }

        return problems;
    }

    public static IEnumerable<KeyValuePair<string, string?>> FromJson(string path) =>
        new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable().Where(pair => pair.Value is not null);

    private static string? Bind(string key, string? value)
    {
        // The longest section containing the key binds it, as each options class only sees its own section.
        (string section, Type type) = Sections
            .Where(s => key.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Section.Length);
        if (section is null)
        {
            return "no options class is bound to this section";
        }

        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(key, value)])
            .Build();
        try
        {
            object options = Activator.CreateInstance(type)!;
            // ChannelOptions binds its section into its Channels list (see AddFeedHubPublishing).
            object target = type.Name == "ChannelOptions" ? type.GetProperty("Channels")!.GetValue(options)! : options;
            configuration.GetSection(section).Bind(target, binder => binder.ErrorOnUnknownConfiguration = true);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static List<(string, Type)> FindSections()
    {
        Assembly[] assemblies = [.. new[] { typeof(FeedHubApp) }.Select(t => t.Assembly)
            .Concat(typeof(FeedHubApp).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("FeedHub.", StringComparison.Ordinal)).Select(Assembly.Load))];
        return [.. assemblies
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.GetConstructor(Type.EmptyTypes) is not null)
            .Select(type => (Type: type, Field: new[] { "Section", "SectionName" }
                .Select(name => type.GetField(name, BindingFlags.Public | BindingFlags.Static))
                .FirstOrDefault(field => field is { IsLiteral: true } && field.FieldType == typeof(string))))
            .Where(found => found.Field?.GetRawConstantValue() is string section && section.StartsWith("FeedHub", StringComparison.Ordinal))
            .Select(found => ((string)found.Field!.GetRawConstantValue()!, found.Type))];
    }
}
