using System.Text.Json;
using System.Text.Json.Serialization;
using FeedHub.Core.Scheduling;

namespace FeedHub.Storage.Mapping;

/// <summary>The <c>poll_cadence</c> column: a source's posting history and its document's
/// scheduling hints, as one JSON object. They are only ever read and written whole, by the poll.</summary>
internal static partial class CadenceColumn
{

    public static string Write(IReadOnlyList<DateTimeOffset> entryTimes, PublisherHints hints) =>
        JsonSerializer.Serialize(
            new Stored(
                [.. entryTimes.Select(t => t.ToUnixTimeSeconds())],
                Seconds(hints.Ttl),
                Seconds(hints.UpdatePeriod),
                [.. hints.SkipHours],
                [.. hints.SkipDays.Select(d => (int)d)]),
            CadenceJson.Default.Stored);

    public static (IReadOnlyList<DateTimeOffset> EntryTimes, PublisherHints Hints) Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ([], PublisherHints.None);
        }

        Stored stored = JsonSerializer.Deserialize(json, CadenceJson.Default.Stored) ?? new Stored([], null, null, [], []);
        return (
            [.. (stored.Entries ?? []).Select(DateTimeOffset.FromUnixTimeSeconds)],
            new PublisherHints
            {
                Ttl = stored.Ttl is long ttl ? TimeSpan.FromSeconds(ttl) : null,
                UpdatePeriod = stored.Period is long period ? TimeSpan.FromSeconds(period) : null,
                SkipHours = stored.SkipHours ?? [],
                SkipDays = [.. (stored.SkipDays ?? []).Select(d => (DayOfWeek)d)],
            });
    }

    private static long? Seconds(TimeSpan? value) => value is { } v ? (long)v.TotalSeconds : null;

    private sealed record Stored(long[]? Entries, long? Ttl, long? Period, int[]? SkipHours, int[]? SkipDays);

    // Read at every poll's source load: generated code, not the reflection-based serializer (its
    // converters were a fifth of the source load, and compiled anew in every short-lived process).
    // The web defaults as before: the same camelCase names, so stored rows read and write the same.
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Stored))]
    private sealed partial class CadenceJson : JsonSerializerContext;
}
