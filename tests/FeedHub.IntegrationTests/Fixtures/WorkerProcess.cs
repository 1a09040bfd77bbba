using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>The real FeedHub.Worker executable as a child process, configured the way an
/// operator would: environment variables over an appsettings.json in its content root.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(string contentRoot, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string workerDll = Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot,
        };
        start.ArgumentList.Add(workerDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CONTENTROOT"] = contentRoot;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(worker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(worker._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Runs a command to completion and returns the exit code.</summary>
    public static async Task<WorkerProcess> RunAsync(string contentRoot, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        WorkerProcess process = Start(contentRoot, environment, args);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"worker did not exit within {timeout}; stdout: {StandardOutput} stderr: {StandardError}");
        }

        // Let the asynchronous readers drain the last lines.
        _process.WaitForExit();
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Printed(text))
        {
            if (_process.HasExited)
            {
                // Its last lines may still be in the asynchronous readers: drained before deciding.
                _process.WaitForExit();
                if (Printed(text))
                {
                    return;
                }

                throw new TimeoutException($"no '{text}' in worker output before it exited with {_process.ExitCode}; stdout: {StandardOutput} stderr: {StandardError}");
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"no '{text}' in worker output; stdout: {StandardOutput} stderr: {StandardError}");
            }

            await Task.Delay(50);
        }
    }

    private bool Printed(string text) =>
        StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal);

    /// <summary>SIGTERM, as systemd or Kubernetes stops a service.</summary>
    public void Terminate() => _ = Kill(_process.Id, 15);

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
