using System.Globalization;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Driving;

/// <summary>A run's work folder (FeedHub's database and content root) with the farm's feeds
/// imported as sources.</summary>
internal sealed class Workspace : IDisposable
{
    private readonly bool _keep;

    private Workspace(string path, bool keep, FeedHubProcess feedHub)
    {
        Path = path;
        _keep = keep;
        FeedHub = feedHub;
    }

    public string Path { get; }

    public FeedHubProcess FeedHub { get; }

    /// <summary>The database came with <c>--reuse</c>: imported and refreshed by an earlier run.</summary>
    public bool Primed { get; private set; }

    public static Task<Workspace> CreateAsync(FarmArguments args, FarmLayout layout) =>
        CreateAsync(
            args,
            layout,
            args.Work ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"feedhub-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}"),
            args.Worker ?? System.IO.Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll"));

    /// <summary>A work folder at <paramref name="path"/> whose sources <paramref name="worker"/>
    /// imports itself, so its database has that build's schema.</summary>
    public static async Task<Workspace> CreateAsync(FarmArguments args, FarmLayout layout, string path, string worker)
    {
        Directory.CreateDirectory(path);
        var workspace = new Workspace(path, args.Keep || args.Work is not null, new FeedHubProcess(worker, path, args.Settings, args.Interval));
        if (args.Reuse && File.Exists(System.IO.Path.Combine(path, "feedhub.db")))
        {
            Console.WriteLine(FormattableString.Invariant($"reusing the sources and items of {path}"));
            workspace.Primed = true;
            return workspace;
        }

        string opml = System.IO.Path.Combine(path, "farm.opml");
        Opml.Write(opml, layout);
        CommandCost import = await workspace.FeedHub.RunAsync("sources", "import", opml);
        if (import.ExitCode != 0)
        {
            throw new InvalidOperationException($"sources import exited with {import.ExitCode}: {import.Error}");
        }

        Console.WriteLine(FormattableString.Invariant($"import       {import.Output.Trim().Split('\n')[^1]} (wall {import.Wall.TotalSeconds:F1} s, cpu {import.CpuSeconds:F1} s)"));
        return workspace;
    }

    public void Dispose()
    {
        if (!_keep)
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
