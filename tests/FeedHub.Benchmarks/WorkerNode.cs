using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Benchmarks;

/// <summary>One real worker process (the <c>FeedHub.Worker.dll</c> built beside this benchmark),
/// whose log lines of poll starts are read as they come: each carries the poll's lag.</summary>
internal sealed partial class WorkerNode : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly List<double> _lagsMs = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _cpuAtExit;

    private WorkerNode(Process process)
    {
        _process = process;
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Lag of every poll this worker started (ms; negative: fired early by a batch).</summary>
    public double[] LagsMs()
    {
        lock (_lagsMs)
        {
            return [.. _lagsMs];
        }
    }

    public static WorkerNode Start(string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CONTENTROOT"] = folder;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var process = new Process { StartInfo = start };
        var node = new WorkerNode(process);
        process.OutputDataReceived += (_, e) => node.Read(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (node._errors)
            {
                node._errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitForListeningAsync(TimeSpan timeout)
    {
        Task done = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (done != _listening.Task)
        {
            throw new InvalidOperationException(_process.HasExited ? $"a worker exited at start (code {_process.ExitCode}): {Errors}" : $"a worker did not start within {timeout}: {Errors}");
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>CPU time the process has used so far.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        _cpuAtExit = _process.HasExited ? _cpuAtExit : _process.TotalProcessorTime;
        return _cpuAtExit.TotalSeconds;
    }

    public void Terminate()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private int _problemLines;

    /// <summary>Warnings, errors and critical lines the worker logged.</summary>
    public int ProblemLines => Volatile.Read(ref _problemLines);

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        Match lag = LagLine().Match(line);
        if (lag.Success)
        {
            double ms = double.Parse(lag.Groups["ms"].Value, CultureInfo.InvariantCulture);
            lock (_lagsMs)
            {
                _lagsMs.Add(ms);
            }

            return;
        }

        if (line.Contains("Now listening on: ", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
        else if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal) || line.Contains("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _problemLines);
            lock (_errors)
            {
                // Enough to see what went wrong, not a flood.
                if (_errors.Length < 20_000)
                {
                    _errors.AppendLine(line);
                }
            }
        }
    }

    [GeneratedRegex(@"Poll of \d+ due at \S+ started (?<ms>-?\d+) ms late")]
    private static partial Regex LagLine();
}
