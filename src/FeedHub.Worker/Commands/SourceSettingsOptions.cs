using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FeedHub.Worker.Commands;

/// <summary>Per-source fetch settings and item rules on <c>sources add</c> and <c>sources update</c>.</summary>
internal sealed class SourceSettingsOptions
{
    private const string Default = "default";

    public Option<string?> UserAgent { get; } = new("--user-agent") { Description = "User agent for this source only ('default' on update: the configured one)." };

    public Option<string[]> Headers { get; } = new("--header")
    {
        Description = "An extra request header 'Name: value' (repeatable), e.g. --header \"X-Api-Token: ...\". Values are secrets: masked when shown, encrypted with FeedHub:Secrets:KeyFile. On update the given set replaces the old one; a value of ******** keeps the stored one.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<FileInfo?> HeadersFile { get; } = new("--headers-file")
    {
        Description = "Read the request headers from a file, one 'Name: value' per line (keeps tokens out of the shell history and the process list).",
    };

    public Option<bool> NoHeaders { get; } = new("--no-headers") { Description = "Remove every request header of the source." };

    public Option<string?> Timeout { get; } = new("--timeout") { Description = "Deadline for this source (10s, 00:00:10), at most FeedHub:Fetch:Timeout; 'default' on update." };

    public Option<string?> MaxBytes { get; } = new("--max-bytes") { Description = "Byte limit for this source, at most FeedHub:Fetch:MaxResponseBytes; 'default' on update." };

    public Option<string[]> Keep { get; } = new("--keep")
    {
        Description = "Keep only items matching a rule [title,content,category,author:]words|phrase|regex:VALUE (repeatable), e.g. --keep words:Kalsel. On update the given rules replace the old ones.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> Block { get; } = new("--block")
    {
        Description = "Block items matching a rule (repeatable), e.g. --block words:iklan or --block 'title:regex:^\\[ADV\\]'. On update the given rules replace the old ones.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> NoKeep { get; } = new("--no-keep") { Description = "Remove every keep rule." };

    public Option<bool> NoBlock { get; } = new("--no-block") { Description = "Remove every block rule." };

    public void AddTo(Command command, bool update)
    {
        command.Options.Add(UserAgent);
        command.Options.Add(Headers);
        command.Options.Add(HeadersFile);
        command.Options.Add(Timeout);
        command.Options.Add(MaxBytes);
        command.Options.Add(Keep);
        command.Options.Add(Block);
        if (update)
        {
            command.Options.Add(NoHeaders);
            command.Options.Add(NoKeep);
            command.Options.Add(NoBlock);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(Headers) is not null && result.GetResult(HeadersFile) is not null)
            {
                result.AddError("Give --header or --headers-file, not both.");
            }

            if ((result.GetResult(Headers) is not null || result.GetResult(HeadersFile) is not null) && result.GetValue(NoHeaders))
            {
                result.AddError("Give headers or --no-headers, not both.");
            }

            if (result.GetResult(Keep) is not null && result.GetValue(NoKeep))
            {
                result.AddError("Give --keep or --no-keep, not both.");
            }

            if (result.GetResult(Block) is not null && result.GetValue(NoBlock))
            {
                result.AddError("Give --block or --no-block, not both.");
            }

            foreach (string line in result.GetValue(Headers) ?? [])
            {
                if (line.IndexOf(':', StringComparison.Ordinal) <= 0)
                {
                    // Never echo the line: it may be the secret itself.
                    result.AddError("A --header is not of the form 'Name: value'.");
                }
            }

            if (result.GetValue(Timeout) is string timeout && !IsDefault(timeout) && ParseDuration(timeout) is null)
            {
                result.AddError($"--timeout '{timeout}' is not a duration: use hh:mm:ss or a number with s or m (e.g. 10s).");
            }

            if (result.GetValue(MaxBytes) is string bytes && !IsDefault(bytes) && !long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                result.AddError($"--max-bytes '{bytes}' is not a number of bytes.");
            }
        });
    }

    public bool UserAgentIsDefault(ParseResult parsed) => parsed.GetValue(UserAgent) is string value && IsDefault(value);

    public string? UserAgentValue(ParseResult parsed) => UserAgentIsDefault(parsed) ? null : parsed.GetValue(UserAgent);

    public bool TimeoutIsDefault(ParseResult parsed) => parsed.GetValue(Timeout) is string value && IsDefault(value);

    public TimeSpan? TimeoutValue(ParseResult parsed) =>
        parsed.GetValue(Timeout) is string value && !IsDefault(value) ? ParseDuration(value) : null;

    public bool MaxBytesIsDefault(ParseResult parsed) => parsed.GetValue(MaxBytes) is string value && IsDefault(value);

    public long? MaxBytesValue(ParseResult parsed) =>
        parsed.GetValue(MaxBytes) is string value && !IsDefault(value) ? long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) : null;

    /// <summary>The headers given, an empty set for --no-headers, null when not given.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> HeadersValueAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(NoHeaders))
        {
            return new Dictionary<string, string>();
        }

        IEnumerable<string>? lines = parsed.GetResult(Headers) is not null ? parsed.GetValue(Headers) : null;
        if (parsed.GetValue(HeadersFile) is FileInfo file)
        {
            lines = (await File.ReadAllLinesAsync(file.FullName, cancellationToken)).Where(l => l.Trim().Length > 0);
        }

        if (lines is null)
        {
            return null;
        }

        // Duplicate names are kept apart (name, name again) so validation can say so.
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon > 0 ? line[..colon].Trim() : line.Trim();
            string value = colon > 0 ? line[(colon + 1)..].TrimStart() : "";
            headers[headers.ContainsKey(name) ? name + " " : name] = value;
        }

        return headers;
    }

    public IReadOnlyList<string>? KeepValue(ParseResult parsed) =>
        parsed.GetValue(NoKeep) ? [] : parsed.GetResult(Keep) is null ? null : parsed.GetValue(Keep);

    public IReadOnlyList<string>? BlockValue(ParseResult parsed) =>
        parsed.GetValue(NoBlock) ? [] : parsed.GetResult(Block) is null ? null : parsed.GetValue(Block);

    private static bool IsDefault(string value) => string.Equals(value.Trim(), Default, StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed))
        {
            return parsed;
        }

        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount > 0)
        {
            return text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => null,
            };
        }

        return null;
    }
}
