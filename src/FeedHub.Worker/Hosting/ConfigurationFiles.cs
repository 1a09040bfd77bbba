namespace FeedHub.Worker.Hosting;

/// <summary>appsettings.json and its environment's file are read once, at start, by the worker and
/// by every command.</summary>
/// <remarks>The host's default is to reload them on change, through a file watcher on the whole
/// content root, subfolders included. On Linux that is an inotify watch, and the kernel queues an
/// event for every write to any file under it, which the watcher's thread then reads and matches:
/// where the database lives under the content root (a data folder named by DOTNET_CONTENTROOT, as
/// the load farm runs it), every WAL page written was one more event, about a tenth of the CPU of a
/// changed refresh of 10,000 sources (docs/benchmarks.md, "The configuration watcher and the
/// database"). A reload would change nothing else: every options class is bound and validated once
/// at start, so a changed setting takes a restart either way. An operator who wants the reloads
/// back (for log levels) can pass <c>--hostBuilder:reloadConfigOnChange=true</c>, which comes later
/// on the line and wins.</remarks>
internal static class ConfigurationFiles
{
    public const string ReadOnceSwitch = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>The host's arguments with the switch first, so the operator's own arguments win.</summary>
    public static string[] ReadOnce(string[] args) => [ReadOnceSwitch, .. args];
}
