using System.Diagnostics;

namespace FeedHub.LoadFarm.Driving;

/// <summary>How the harness starts its children: the farm (this program) and FeedHub.Worker,
/// both through the <c>dotnet</c> host, which runs the app in its own process (the pid measured
/// is the app's).</summary>
internal static class Launcher
{
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    public static ProcessStartInfo Self(string mode) => Dll(typeof(Launcher).Assembly.Location, mode);

    public static ProcessStartInfo Dll(string dll, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost) { UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
