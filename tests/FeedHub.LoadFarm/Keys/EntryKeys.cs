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

    /// <summary>The commonest keys with the three words each is the hash of (keys are hashes of
    /// shingles, <see cref="Shingles"/>), to say what makes them common.</summary>
    public static List<(string Text, int Items)> CommonKeys(IReadOnlyList<FeedEntry> entries, IReadOnlyList<IReadOnlyCollection<long>> keysByItem, int top)
    {
        var items = new Dictionary<long, int>();
        foreach (long key in keysByItem.SelectMany(keys => keys))
        {
            items[key] = items.GetValueOrDefault(key) + 1;
        }

        Dictionary<long, int> wanted = items.OrderByDescending(k => k.Value).ThenBy(k => k.Key).Take(top).ToDictionary();
        var texts = new Dictionary<long, string>();
        foreach (FeedEntry entry in entries)
        {
            foreach (string line in StoryText.From(entry.Title, entry.BodyHtml).MatchText.Split('\n'))
            {
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i + Shingles.Size <= words.Length; i++)
                {
                    string shingle = string.Join(' ', words, i, Shingles.Size);
                    long key = unchecked((long)Shingles.Of(shingle).Single());
                    if (wanted.ContainsKey(key))
                    {
                        texts.TryAdd(key, shingle);
                    }
                }
            }

            if (texts.Count == wanted.Count)
            {
                break;
            }
        }

        return [.. wanted.OrderByDescending(k => k.Value).Select(k => (texts.GetValueOrDefault(k.Key, "?"), k.Value))];
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
