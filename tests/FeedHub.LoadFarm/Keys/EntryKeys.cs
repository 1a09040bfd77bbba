using FeedHub.Core.Stories;
using Microsoft.Data.Sqlite;

namespace FeedHub.LoadFarm.Keys;

/// <summary>Story keys per item: made by FeedHub's own code (<see cref="StoryBackfill"/>, which
/// the dedup stage and the backfill share: <see cref="StoryText"/>, each source's boilerplate left
/// out, the default sampling rate), or read from the postings a FeedHub database stored.</summary>
internal static class EntryKeys
{
    public static List<IReadOnlyCollection<long>> Compute(IReadOnlyList<FeedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sources = new Dictionary<string, long>(StringComparer.Ordinal);
        UnindexedItem[] items = [.. entries.Select((entry, i) => new UnindexedItem(
            i,
            sources.TryGetValue(entry.Source, out long id) ? id : sources[entry.Source] = sources.Count,
            entry.Title,
            entry.BodyHtml))];
        return [.. StoryBackfill.Index(items, new Dictionary<long, IReadOnlyList<string>>(), new StoryOptions())
            .Select(indexed => (IReadOnlyCollection<long>)indexed.Keys.Distinct().ToArray())];
    }

    public static List<IReadOnlyCollection<long>> FromDatabase(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT item_id, key FROM story_keys ORDER BY item_id";
        var byItem = new Dictionary<long, List<long>>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long item = reader.GetInt64(0);
            if (!byItem.TryGetValue(item, out List<long>? keys))
            {
                byItem[item] = keys = [];
            }

            keys.Add(reader.GetInt64(1));
        }

        return [.. byItem.Values];
    }

    /// <summary>A stable sample of <paramref name="count"/> items, to compare corpora at equal
    /// item counts (the shares of keys over a threshold grow with the items).</summary>
    public static List<T> Sample<T>(IReadOnlyList<T> items, int count, int seed)
    {
        if (count <= 0 || count >= items.Count)
        {
            return [.. items];
        }

        T[] shuffled = [.. items];
        new Random(seed).Shuffle(shuffled);
        return [.. shuffled.Take(count)];
    }
}
