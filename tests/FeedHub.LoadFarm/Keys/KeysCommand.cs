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
        List<FeedEntry>? entries = null;
        List<IReadOnlyCollection<long>>? own = null;
        string what;
        if (args.Work is not null)
        {
            string database = Path.Combine(args.Work, "feedhub.db");
            keysByItem = EntryKeys.FromDatabase(database);
            what = $"postings stored in {database}";
        }
        else if (args.Corpus is not null)
        {
            entries = FeedDocuments.ReadFolder(args.Corpus);
            keysByItem = EntryKeys.Compute(entries);
            what = $"feeds under {args.Corpus}";
        }
        else
        {
            (entries, Dictionary<string, int?> truth) = FarmEntries(args.Feeds, args.Entries, args.Seed);
            keysByItem = EntryKeys.Compute(entries);
            // The real corpus has hardly a republished item: the farm's own stories alone compare with it like for like.
            own = [.. keysByItem.Where((_, i) => truth.GetValueOrDefault(FarmTruth.Link(entries[i].Link ?? string.Empty)) is null)];
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

            for (int i = 0; own is not null && i < Samples; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"own stories, sample {i + 1} of {args.Sample}: {KeyDistribution.Of(EntryKeys.Sample(own, args.Sample, StableSeed.Of("keys-sample", i)))}"));
            }
        }

        if (entries is not null)
        {
            Console.WriteLine("commonest keys (items): " + string.Join("; ", EntryKeys.CommonKeys(entries, keysByItem, 20).Select(s => FormattableString.Invariant($"{s.Text} ({s.Items})"))));
        }

        return 0;
    }

    /// <summary>Every entry the farm serves at start, read back from the documents it renders.</summary>
    public static (List<FeedEntry> Entries, Dictionary<string, int?> Truth) FarmEntries(int feeds, int entries, int seed)
    {
        var farm = new FeedFarm(feeds, entries, seed, TimeProvider.System);
        var all = new List<FeedEntry>(feeds * entries);
        foreach (FarmFeed feed in farm.Feeds)
        {
            using var document = new MemoryStream(FeedContent.Render(feed, feeds, seed));
            all.AddRange(FeedDocuments.Read(feed.Path, document));
        }

        return (all, FarmTruth.Parse(FarmTruth.Tsv(farm, seed)));
    }
}
