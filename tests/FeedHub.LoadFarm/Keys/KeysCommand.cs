using System.Globalization;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Keys;

/// <summary><c>keys</c>: the story-key distribution of a FeedHub database (<c>--work DIR</c>), of
/// real feeds (<c>--corpus DIR</c>, every *.xml below it), or of the farm's own text made in this
/// process (<c>--feeds N --seed S</c>, no FeedHub run). <c>--sample K</c> also prints it for
/// samples of K items, to compare at equal item counts.</summary>
internal static class KeysCommand
{
    private const int Samples = 5;

    public static int Run(FarmArguments args)
    {
        List<IReadOnlyCollection<long>> keysByItem;
        string what;
        if (args.Work is not null)
        {
            string database = Path.Combine(args.Work, "feedhub.db");
            keysByItem = EntryKeys.FromDatabase(database);
            what = $"postings stored in {database}";
        }
        else if (args.Corpus is not null)
        {
            keysByItem = EntryKeys.Compute(FeedDocuments.ReadFolder(args.Corpus));
            what = $"feeds under {args.Corpus}";
        }
        else
        {
            keysByItem = EntryKeys.Compute(FarmEntries(args.Feeds, args.Entries, args.Seed));
            what = FormattableString.Invariant($"the farm's text, {args.Feeds} feeds of {args.Entries} entries, seed {args.Seed}");
        }

        Console.WriteLine($"story keys of {what}");
        Console.WriteLine($"all: {KeyDistribution.Of(keysByItem)}");
        if (args.Sample > 0 && args.Sample < keysByItem.Count)
        {
            for (int i = 0; i < Samples; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {i + 1} of {args.Sample}: {KeyDistribution.Of(EntryKeys.Sample(keysByItem, args.Sample, StableSeed.Of("keys-sample", i)))}"));
            }
        }

        return 0;
    }

    /// <summary>Every entry the farm serves at start, read back from the documents it renders.</summary>
    public static List<FeedEntry> FarmEntries(int feeds, int entries, int seed)
    {
        var farm = new FeedFarm(feeds, entries, seed, TimeProvider.System);
        var all = new List<FeedEntry>(feeds * entries);
        foreach (FarmFeed feed in farm.Feeds)
        {
            using var document = new MemoryStream(FeedContent.Render(feed, feeds, seed));
            all.AddRange(FeedDocuments.Read(feed.Path, document));
        }

        return all;
    }
}
