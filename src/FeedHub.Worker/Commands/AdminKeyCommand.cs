using System.CommandLine;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.Worker.Commands;

/// <summary><c>admin hash-key KEY</c> and <c>admin new-key</c>: the values that go into
/// FeedHub:Admin:ApiKeys. Neither touches the database.</summary>
internal static class AdminKeyCommand
{
    public static Command Create(TextWriter output, TextWriter error) => new("admin", "Make and hash admin API keys.")
    {
        HashKey(output, error),
        NewKey(output),
    };

    private static Command HashKey(TextWriter output, TextWriter error)
    {
        var key = new Argument<string>("KEY") { Description = "The key to hash; '-' reads it from standard input (keeps it out of shell history)." };
        var command = new Command("hash-key", "Print the value to put in FeedHub:Admin:ApiKeys:<id> for KEY.") { key };
        command.SetAction(async (parsed, _) =>
        {
            string value = parsed.GetValue(key)!;
            if (value == "-")
            {
                value = (await Console.In.ReadLineAsync())?.Trim() ?? "";
            }

            if (value.Length < ApiKeyHash.MinKeyLength)
            {
                await error.WriteLineAsync($"The key is shorter than {ApiKeyHash.MinKeyLength} characters; use 'admin new-key' for a strong one.");
                return CommandLineConventions.Failure;
            }

            await output.WriteLineAsync(ApiKeyHash.Hash(value));
            return CommandLineConventions.Success;
        });
        return command;
    }

    private static Command NewKey(TextWriter output)
    {
        var id = new Option<string>("--id") { Description = "The key's id, as the audit log names its actor.", DefaultValueFactory = _ => "admin" };
        var command = new Command("new-key", "Make a strong random key; print it (for the client) and its hash (for the configuration).") { id };
        command.SetAction(async (parsed, _) =>
        {
            string key = ApiKeyHash.NewKey();
            string hash = ApiKeyHash.Hash(key);
            await output.WriteLineAsync($"key:    {key}");
            await output.WriteLineAsync($"hash:   {hash}");
            await output.WriteLineAsync($"config: FeedHub__Admin__ApiKeys__{parsed.GetValue(id)}={hash}");
            return CommandLineConventions.Success;
        });
        return command;
    }
}
