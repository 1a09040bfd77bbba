namespace FeedHub.Worker.Hosting;

internal static class HostPaths
{
    /// <summary>The folder appsettings.json is read from: the one named by <c>--contentRoot</c> or
    /// <c>DOTNET_CONTENTROOT</c>/<c>ASPNETCORE_CONTENTROOT</c>, else the executable's own folder
    /// (the build copies the root appsettings.json there), so a service started from any working
    /// directory reads its configuration.</summary>
    public static string? ContentRoot(string[] args)
    {
        bool named = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        return named ? null : AppContext.BaseDirectory;
    }
}
