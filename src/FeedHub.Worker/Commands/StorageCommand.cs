using System.CommandLine;

namespace FeedHub.Worker.Commands;

/// <summary><c>storage ...</c>: moving FeedHub's data between databases.</summary>
internal static class StorageCommand
{
    public static Command Create(TextWriter output, TextWriter error) => new("storage", "Move FeedHub's data between databases and engines.")
    {
        StorageCopyCommand.Create(output, error),
    };
}
