using System.Text.Json;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>The built worker's runtimeconfig: the runtime settings it ships with.</summary>
internal static class WorkerRuntimeConfig
{
    /// <summary><c>runtimeOptions.configProperties</c> of <c>FeedHub.Worker.runtimeconfig.json</c>.</summary>
    public static JsonElement Properties()
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
