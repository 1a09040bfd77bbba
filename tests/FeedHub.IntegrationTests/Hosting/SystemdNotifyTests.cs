using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>deploy/feedhub.service declares Type=notify: systemd waits for READY=1 and would kill
/// and restart a worker that never sends it. The real executable, started by a parent process
/// named "systemd" (as the host detects a systemd service) with a NOTIFY_SOCKET, must say READY=1
/// once it serves and STOPPING=1 on SIGTERM.</summary>
public sealed class SystemdNotifyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_systemd_the_worker_notifies_ready_and_stopping()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", Ct);
        string socketPath = directory.File("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));

        // A shell linked under the name "systemd" stays the worker's parent (the trailing command
        // keeps it from exec-ing the worker in its place).
        string launcher = directory.File("systemd");
        File.CreateSymbolicLink(launcher, "/bin/sh");
        var start = new ProcessStartInfo(launcher) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory.Path };
        foreach (string argument in new[]
        {
            "-c", "\"$@\"; exit $?", "sh", "dotnet", Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll"),
            "--urls", "http://127.0.0.1:0",
            "--FeedHub:Storage:ConnectionString", $"Data Source={directory.File("feedhub.db")}",
            "--FeedHub:Sources:0:Url", "https://news.example/feed",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["DOTNET_CONTENTROOT"] = directory.Path;
        using Process shell = Process.Start(start)!;
        _ = shell.StandardOutput.ReadToEndAsync(Ct);
        _ = shell.StandardError.ReadToEndAsync(Ct);
        try
        {
            Assert.Equal("READY=1", await ReceiveAsync(notify));

            int worker = ChildOf(shell.Id);
            Assert.Equal(0, Kill(worker, "TERM"));
            Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
            using var exit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            exit.CancelAfter(TimeSpan.FromSeconds(60));
            await shell.WaitForExitAsync(exit.Token);
            Assert.Equal(0, shell.ExitCode);
        }
        finally
        {
            if (!shell.HasExited)
            {
                shell.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        byte[] buffer = new byte[512];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    private static int ChildOf(int parent)
    {
        string children = File.ReadAllText($"/proc/{parent}/task/{parent}/children").Trim();
        return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static int Kill(int pid, string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
