using System.CommandLine;

namespace FeedHub.Worker.Commands;

/// <summary>The root command: its options are the host's (<c>--urls</c>, <c>--contentRoot</c>,
/// <c>--environment</c>, configuration overrides) and are accepted before or after any command.</summary>
internal sealed class FeedHubRootCommand : RootCommand
{
    private const string OverrideOptionName = "--configuration-override";

    private readonly Option<string> _urls = new("--urls")
    {
        Description = "Addresses the worker listens on (default http://localhost:5080).",
        Recursive = true,
    };

    private readonly Option<string> _contentRoot = new("--contentRoot")
    {
        Description = "Folder appsettings.json is read from (default: the executable's folder).",
        Recursive = true,
    };

    private readonly Option<string> _environment = new("--environment")
    {
        Description = "Host environment; appsettings.{environment}.json is read after appsettings.json.",
        Recursive = true,
    };

    // Holds the --Section:Key=value overrides; hidden because operators type those directly.
    private readonly Option<string[]> _overrides = new(OverrideOptionName) { Hidden = true, Recursive = true };

    public FeedHubRootCommand()
        : base("FeedHub: polls regional news feeds and republishes each story once. Run without a command to start the worker. "
            + "Any configuration key can be set with --Section:Key=value or --Section:Key value, before or after a command.")
    {
        Options.Add(_urls);
        Options.Add(_contentRoot);
        Options.Add(_environment);
        Options.Add(_overrides);
    }

    /// <summary>Rewrites each <c>--Section:Key=value</c> and <c>--Section:Key value</c> into the hidden
    /// override option. System.CommandLine has no wildcard options, and read as they stand the
    /// separate value would become a command's argument. Tokens after <c>--</c> are left alone.</summary>
    public static string[] GatherConfigurationOverrides(string[] args)
    {
        var gathered = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                gathered.AddRange(args[i..]);
                break;
            }

            if (!IsConfigurationKey(arg))
            {
                gathered.Add(arg);
                continue;
            }

            if (arg.Contains('=', StringComparison.Ordinal))
            {
                gathered.AddRange(OverrideOptionName, arg[2..]);
            }
            else if (i + 1 < args.Length)
            {
                gathered.AddRange(OverrideOptionName, $"{arg[2..]}={args[++i]}");
            }
            else
            {
                // No value: left for the parser to report as unrecognized.
                gathered.Add(arg);
            }
        }

        return [.. gathered];
    }

    /// <summary>The arguments for the host builder (its own <c>--key=value</c> form), so the worker
    /// and every command read the same configuration.</summary>
    public static string[] HostArguments(ParseResult parsed)
    {
        var root = (FeedHubRootCommand)parsed.RootCommandResult.Command;
        List<string> args = [];
        foreach (Option<string> option in new[] { root._urls, root._contentRoot, root._environment })
        {
            if (parsed.GetValue(option) is { } value)
            {
                args.Add($"{option.Name}={value}");
            }
        }

        args.AddRange((parsed.GetValue(root._overrides) ?? []).Select(setting => $"--{setting}"));
        return [.. args];
    }

    private static bool IsConfigurationKey(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3 || !char.IsLetter(arg[2]))
        {
            return false;
        }

        int end = arg.IndexOf('=', StringComparison.Ordinal);
        string name = end < 0 ? arg : arg[..end];
        return name.Contains(':', StringComparison.Ordinal);
    }
}
