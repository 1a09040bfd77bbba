namespace FeedHub.IntegrationTests.Deployment;

/// <summary>deploy/Dockerfile as a list of instructions (continuation lines joined, comments dropped).</summary>
internal static class Dockerfile
{
    public static readonly string[] Keywords =
    [
        "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
        "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ];

    public sealed record Instruction(int Line, string Keyword, string Arguments);

    public static List<Instruction> Load()
    {
        var instructions = new List<Instruction>();
        string[] lines = DeployFiles.Text("deploy/Dockerfile").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int start = i + 1;
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                string next = lines[++i].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }

            string[] parts = line.Split(' ', 2);
            instructions.Add(new Instruction(start, parts[0], parts.Length > 1 ? parts[1].Trim() : ""));
        }

        return instructions;
    }

    /// <summary><c>ENV A=1 B="two words"</c> as pairs.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> EnvAssignments(string arguments)
    {
        int i = 0;
        while (i < arguments.Length)
        {
            while (i < arguments.Length && arguments[i] == ' ')
            {
                i++;
            }

            int equals = arguments.IndexOf('=', i);
            if (equals < 0)
            {
                yield break;
            }

            string key = arguments[i..equals];
            i = equals + 1;
            string value;
            if (i < arguments.Length && arguments[i] == '"')
            {
                int end = arguments.IndexOf('"', i + 1);
                value = arguments[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                int end = arguments.IndexOf(' ', i);
                end = end < 0 ? arguments.Length : end;
                value = arguments[i..end];
                i = end;
            }

            yield return KeyValuePair.Create(key, (string?)value);
        }
    }

    /// <summary>An exec-form JSON array (<c>["dotnet", "x.dll"]</c>).</summary>
    public static string[] ExecForm(string arguments) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(arguments) ?? throw new FormatException(arguments);
}
