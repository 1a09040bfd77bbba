using System.Diagnostics;
using System.Globalization;

namespace FeedHub.Benchmarks;

/// <summary>A feed server of this benchmark run as a child process (<c>serve-child KIND</c>), so
/// that the CPU time of the benchmark's own process is FeedHub's alone, as the load harness counts
/// it; the server's CPU time is read from the child.</summary>
internal sealed class ChildFeedServer : IAsyncDisposable
{
    public const string Mode = "serve-child";
    private const string ReadyPrefix = "listening ";

    private readonly Process _process;

    private ChildFeedServer(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    /// <summary>The server's root (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri BaseUri { get; }

    /// <summary>The child's CPU time so far (user + system).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <c>dotnet FeedHub.Benchmarks.dll serve-child KIND</c> and waits for its address.</summary>
    public static async Task<ChildFeedServer> StartAsync(string kind)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under dotnet-trace the parent was started with a diagnostics port to connect back to; a
        // child that inherits it waits on the same port and the run aborts.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        start.ArgumentList.Add(typeof(ChildFeedServer).Assembly.Location);
        start.ArgumentList.Add(Mode);
        start.ArgumentList.Add(kind);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the child feed server did not start: {line}");
        }

        return new ChildFeedServer(process, new Uri(line[ReadyPrefix.Length..]));
    }

    /// <summary>The child's side: serves until its standard input is closed (the parent ended).</summary>
    public static async Task ServeAsync(string[] args)
    {
        string kind = args.Length > 0 ? args[0] : "not-modified";
        IAsyncDisposable server;
        Uri baseUri;
        switch (kind)
        {
            case "not-modified":
                NotModifiedServer notModified = await NotModifiedServer.StartAsync();
                (server, baseUri) = (notModified, new Uri(notModified.FeedUrl, "/"));
                break;
            case "window":
                ChangedPollCpu.WindowServer window = await ChangedPollCpu.WindowServer.StartAsync(remoteControl: true);
                (server, baseUri) = (window, window.BaseUri);
                break;
            default:
                throw new ArgumentException($"unknown server kind {kind}", nameof(args));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{baseUri.AbsoluteUri}"));
        await Console.In.ReadToEndAsync();
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
