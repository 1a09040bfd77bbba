using System.CommandLine;

namespace FeedHub.Worker.Commands;

/// <summary>The executable's subcommands. With none, the executable runs the worker.</summary>
public static class AdminCommandLine
{
    private static readonly HashSet<string> CommandNames = new(StringComparer.Ordinal) { "refresh", "migrate", "sources", "admin" };

    /// <summary>True when <paramref name="args"/> name a subcommand rather than host options such as <c>--urls</c>.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && (CommandNames.Contains(args[0]) || args[0] is "--help" or "-h" or "-?");

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("FeedHub: polls regional news feeds and republishes each story once. Run without a command to start the worker.")
        {
            RefreshCommand.Create(output, error),
            MigrateCommand.Create(output),
            SourcesCommand.Create(output, error),
            AdminKeyCommand.Create(output, error),
        };
        return CommandLineConventions.InvokeAsync(root, args, output, error, cancellationToken);
    }
}
