using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>A new item writes no posting for a key that the stored postings already show common in
/// its own candidate window (formula text: more stories carry it there than a key may): such a
/// key finds nothing there, with or without one more posting. Its other keys are written, so its
/// copies still find it; and a key common only in another window is written as before. A bound of
/// three stories per key stands for the default 64.</summary>
public abstract class CommonKeyPostingsTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-6);

    // Formula text every release of the office carries, as Releases.Bridge and Releases.Clinic share it.
    private static readonly string[] Formula =
    [
        "Peresmian ditandai dengan pengguntingan pita dan penandatanganan prasasti, disaksikan Bupati Banjar Saidi Mansyur serta unsur Forkopimda.",
        "Warga yang hadir menyambut peresmian dengan gembira dan berharap pembangunan di wilayah tersebut terus berlanjut pada tahun-tahun mendatang.",
        "Acara ditutup dengan doa bersama yang dipimpin oleh tokoh agama setempat dan ramah tamah antara pemerintah daerah dengan masyarakat.",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_common_in_the_items_window_gets_no_posting_its_rare_keys_do_and_a_copy_still_joins()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        IItemStore items = db.Connect(new Dictionary<string, string?> { ["FeedHub:Stories:MaxStoriesPerKey"] = "3" }).GetRequiredService<IItemStore>();

        // Four releases of four offices: four stories that share the formula and nothing else.
        long[] releases = new long[4];
        for (int i = 0; i < releases.Length; i++)
        {
            FeedSource office = await AddAsync(db, $"https://office{i}.example/feed");
            releases[i] = await CommitAsync(db, items, office, Release($"r{i}", i, Morning.AddHours(i)));
        }

        Assert.Equal(4, releases.Select(id => StoryOf(db, id)).Distinct().Count());
        HashSet<long> formulaKeys = [.. KeysOf(db, releases[0]).Intersect(KeysOf(db, releases[1])).Intersect(KeysOf(db, releases[2])).Intersect(KeysOf(db, releases[3]))];
        Assert.NotEmpty(formulaKeys);

        // A fifth release in the same window: four stories carry the formula keys there, more than
        // three, so they are common and get no posting; its own text does.
        FeedSource fifthOffice = await AddAsync(db, "https://office4.example/feed");
        long fifth = await CommitAsync(db, items, fifthOffice, Release("r4", 4, Morning.AddHours(5)));
        List<long> fifthKeys = KeysOf(db, fifth);
        Assert.NotEmpty(fifthKeys);
        Assert.Empty(fifthKeys.Intersect(formulaKeys));

        // A portal's copy of it still finds it through those keys.
        FeedSource portal = await AddAsync(db, "https://portal.example/feed");
        FeedItem copy = Release("p4", 4, Morning.AddHours(7)) with { ContentHtml = Releases.Html([.. Paragraphs(4), "(Sumber : MC Kalsel)"]), Link = "https://portal.example/r4", CanonicalLink = "https://portal.example/r4" };
        long copied = await CommitAsync(db, items, portal, copy);
        Assert.Equal(StoryOf(db, fifth), StoryOf(db, copied));

        // One poll lists a release of the same day and one nine days on. The keys were read over
        // both items' windows together and are common there, but the later item's own window
        // holds none of the stories that carry them: it writes them, as its copies may need them.
        FeedSource archive = await AddAsync(db, "https://office5.example/feed");
        FeedItem sameDay = Release("r5", 5, Morning.AddHours(8));
        FeedItem nineDaysOn = Release("r6", 6, Morning.AddDays(9)) with { CanonicalLink = "https://office5.example/r6", Link = "https://office5.example/r6" };
        await items.CommitRefreshAsync(archive.Id, [sameDay, nineDaysOn], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        long sameDayId = db.Scalar("SELECT id FROM items WHERE item_key = 'r5'");
        long laterId = db.Scalar("SELECT id FROM items WHERE item_key = 'r6'");
        Assert.NotEmpty(KeysOf(db, sameDayId));
        Assert.Empty(KeysOf(db, sameDayId).Intersect(formulaKeys));
        Assert.NotEmpty(KeysOf(db, laterId).Intersect(formulaKeys));
    }

    private static Task<FeedSource> AddAsync(StorageTestDatabase db, string url) =>
        db.Sources.UpsertAsync(new SourceDefinition { Url = url, Title = url }, Ct);

    private static async Task<long> CommitAsync(StorageTestDatabase db, IItemStore items, FeedSource source, FeedItem item)
    {
        await items.CommitRefreshAsync(source.Id, [item], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        return db.Scalar("SELECT id FROM items WHERE source_id = @SourceId AND item_key = @ItemKey", new { SourceId = source.Id, item.ItemKey });
    }

    private static long StoryOf(StorageTestDatabase db, long itemId) => db.Scalar("SELECT story_id FROM items WHERE id = @Id", new { Id = itemId });

    private static List<long> KeysOf(StorageTestDatabase db, long itemId) =>
        db.Query<long>("SELECT \"key\" FROM story_keys WHERE item_id = @Id ORDER BY \"key\"", new { Id = itemId });

    private static FeedItem Release(string key, int office, DateTimeOffset publishedAt)
    {
        string link = $"https://office{office}.example/{key}";
        return TestItems.Item(key, link, publishedAt, title: $"Kegiatan kantor nomor {office} {Words(office, 3)}") with
        {
            ContentHtml = Releases.Html(Paragraphs(office)),
            Summary = null,
            Link = link,
        };
    }

    /// <summary>Text of its own for each office (words no other office uses), then the formula.</summary>
    private static string[] Paragraphs(int office) =>
        [.. Enumerable.Range(0, 4).Select(p => $"{Words((office * 10) + p, 22)}."), .. Formula];

    /// <summary>Made-up words from a seed, as distinct from one seed to the next as real names are.</summary>
    private static string Words(int seed, int count)
    {
        var random = new Random(1000 + seed);
        const string Consonants = "bdgjklmnprstw";
        const string Vowels = "aiueo";
        return string.Join(' ', Enumerable.Range(0, count).Select(_ =>
            string.Concat(Enumerable.Range(0, 3).Select(_ => $"{Consonants[random.Next(Consonants.Length)]}{Vowels[random.Next(Vowels.Length)]}"))));
    }
}

public sealed class CommonKeyPostingsTestsOnSqlite() : CommonKeyPostingsTests(StorageProvider.Sqlite);

public sealed class CommonKeyPostingsTestsOnPostgres() : CommonKeyPostingsTests(StorageProvider.Postgres);
