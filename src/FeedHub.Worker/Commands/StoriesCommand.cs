using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FeedHub.Administration;
using FeedHub.Administration.Stories;
using FeedHub.Core.Stories;
using FeedHub.Worker.AdminApi;

namespace FeedHub.Worker.Commands;

/// <summary><c>stories show|split|merge</c>: why a story is what it is, and an admin's corrections,
/// audited with the actor "cli" like the source commands.</summary>
internal static class StoriesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(TextWriter output, TextWriter error) => new("stories", "Explain a story (members, origin, why each joined), split an item off, merge two stories.")
    {
        Show(output, error),
        Split(output, error),
        Merge(output, error),
    };

    private static Command Show(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("ID") { Description = "The story id (the number at the end of its feed GUID, tag:…:story:ID)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (as GET /api/stories/{id} returns it)." };
        var command = new Command("show", "A story's members, its origin and why, and why each member joined.") { id, json };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync<StoryAdministration>(parsed, async admin =>
        {
            StoryOutcome<StoryExplanation> outcome = await admin.ExplainAsync(parsed.GetValue(id), cancellationToken);
            if (outcome.Value is not { } story)
            {
                return await FailAsync(error, outcome.Error);
            }

            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(StoryResponse.From(story), Json));
                return CommandLineConventions.Success;
            }

            await WriteStoryAsync(output, story);
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Split(TextWriter output, TextWriter error)
    {
        var item = new Argument<long>("ITEM_ID") { Description = "The item to take out of its story (see 'stories show')." };
        var command = new Command("split", "The item leaves its story and starts its own; later polls respect it.") { item };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync<StoryAdministration>(parsed, async admin =>
        {
            StoryOutcome<StorySplit> outcome = await admin.SplitAsync(parsed.GetValue(item), SourcesCommand.Actor, cancellationToken);
            if (outcome.Value is not { } split)
            {
                return await FailAsync(error, outcome.Error);
            }

            await output.WriteLineAsync(split.Changed
                ? $"Item {split.ItemId} left story {split.FromStoryId}: it is story {split.StoryId} now."
                : $"Item {split.ItemId} is already alone in story {split.StoryId}; nothing changed.");
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Merge(TextWriter output, TextWriter error)
    {
        var first = new Argument<long>("ID") { Description = "A story id." };
        var second = new Argument<long>("OTHER_ID") { Description = "The other story id." };
        var command = new Command("merge", "Two stories become one: the older keeps its id and feed GUID, the other's entry leaves the feeds.") { first, second };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync<StoryAdministration>(parsed, async admin =>
        {
            StoryOutcome<StoryMerge> outcome = await admin.MergeAsync(parsed.GetValue(first), parsed.GetValue(second), SourcesCommand.Actor, cancellationToken);
            if (outcome.Value is not { } merge)
            {
                return await FailAsync(error, outcome.Error);
            }

            await output.WriteLineAsync($"Story {merge.RemovedStoryId} merged into story {merge.KeptStoryId} ({merge.MovedItems} item(s) moved).");
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }


    private static async Task<int> FailAsync(TextWriter error, string? message)
    {
        await error.WriteLineAsync(message);
        return CommandLineConventions.Failure;
    }

    private static async Task WriteStoryAsync(TextWriter output, StoryExplanation story)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"Story {story.StoryId}, first seen {story.FirstSeenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss'Z'}"));
        await output.WriteLineAsync(story.OriginItemId is long origin
            ? string.Create(c, $"Origin: item {origin} ({story.OriginRule}): {story.OriginReason}")
            : "Origin: none (the story has no copy left)");
        await output.WriteLineAsync();
        await SourceText.WriteTableAsync(
            output,
            ["ITEM", "SOURCE", "PUBLISHED", "RULE", "SCORE", "TITLE"],
            story.Members.Select(m => new[]
            {
                m.ItemId.ToString(c) + (m.IsOrigin ? " *" : ""),
                m.SourceTitle is { Length: > 0 } title ? $"{m.SourceId} {title}" : m.SourceId.ToString(c),
                m.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", c),
                m.Rule?.ToString() ?? "-",
                m.Score?.ToString("0.000", c) ?? "-",
                m.Title,
            }));
        await output.WriteLineAsync();
        foreach (StoryMemberExplanation member in story.Members.Where(m => m.Reason is not null))
        {
            await output.WriteLineAsync(string.Create(c, $"Item {member.ItemId}: {member.Reason}"));
        }

        foreach (StoryCorrection correction in story.Corrections)
        {
            await output.WriteLineAsync(string.Create(c, $"{correction.At.UtcDateTime:yyyy-MM-dd HH:mm:ss'Z'} {correction.Actor} {correction.Action}: {correction.Details}"));
        }
    }
}
