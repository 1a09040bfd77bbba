using FeedHub.Core.Items;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Refreshing;

namespace FeedHub.Tests.Refreshing;

public sealed class RawEntryHashTests
{
    private static readonly Uri FeedUrl = new("https://mc.example.go.id/feed.xml");

    private static readonly ParsedItem Entry = new()
    {
        Id = "https://mc.example.go.id/berita/1",
        Link = "https://mc.example.go.id/berita/1?utm_source=rss",
        Title = "Banjir di Banjarmasin",
        Summary = "<p>Ringkas</p>",
        Content = "<p>Isi <b>lengkap</b></p>",
        Author = "Humas",
        Categories = ["Kalsel", "Bencana"],
        Published = "Wed, 07 May 2025 02:00:00 GMT",
        Updated = "2025-05-07T03:00:00Z",
        BaseUri = "https://mc.example.go.id/",
        ContentBaseUri = "https://mc.example.go.id/a/",
        SummaryBaseUri = "https://mc.example.go.id/b/",
        Enclosures = [new ParsedEnclosure("https://mc.example.go.id/1.jpg", "image/jpeg", 100)],
        Language = "id",
    };

    private static readonly ParsedFeed Feed = new() { Format = "rss2.0", BaseUri = "https://mc.example.go.id/", Language = "id", Items = [Entry] };

    private static readonly RawEntryHash Hashes = new(new ItemNormalizer(new HtmlContentSanitizer()));

    [Fact]
    public void The_same_entry_in_the_same_document_gives_the_same_hash_on_every_instance()
    {
        string hash = Hashes.Compute(Entry, Feed, FeedUrl);

        Assert.Equal(hash, new RawEntryHash(new ItemNormalizer(new HtmlContentSanitizer())).Compute(Entry with { }, Feed with { }, new Uri(FeedUrl.AbsoluteUri)));
        Assert.Equal(RawEntryHash.HexLength, hash.Length);
        Assert.Equal([hash], Hashes.Compute(Feed, FeedUrl));
    }

    [Fact]
    public void Each_entry_of_a_document_hashes_as_it_would_alone()
    {
        // The document's entries share one hash object, reset between them: nothing of one may leak into the next.
        ParsedItem second = Entry with { Id = "https://mc.example.go.id/berita/2", Title = "Kebakaran" };
        ParsedFeed feed = Feed with { Items = [Entry, second, Entry] };

        string[] hashes = Hashes.Compute(feed, FeedUrl);

        Assert.Equal([Hashes.Compute(Entry, feed, FeedUrl), Hashes.Compute(second, feed, FeedUrl), Hashes.Compute(Entry, feed, FeedUrl)], hashes);
        Assert.NotEqual(hashes[0], hashes[1]);
    }

    public static TheoryData<string> Changes() =>
    [
        "id", "link", "title", "summary", "content", "author", "category", "category order", "published", "updated",
        "base", "content base", "summary base", "enclosure url", "enclosure type", "enclosure length", "language",
        "feed base", "feed language", "feed url", "text moved between fields",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Anything_the_stored_item_is_made_from_changes_the_hash(string change)
    {
        (ParsedItem entry, ParsedFeed feed, Uri url) = change switch
        {
            "id" => (Entry with { Id = "https://mc.example.go.id/berita/2" }, Feed, FeedUrl),
            "link" => (Entry with { Link = "https://mc.example.go.id/berita/2" }, Feed, FeedUrl),
            "title" => (Entry with { Title = "Banjir di Martapura" }, Feed, FeedUrl),
            "summary" => (Entry with { Summary = "<p>Ringkas.</p>" }, Feed, FeedUrl),
            "content" => (Entry with { Content = "<p>Isi lengkap</p>" }, Feed, FeedUrl),
            "author" => (Entry with { Author = "Diskominfo" }, Feed, FeedUrl),
            "category" => (Entry with { Categories = ["Kalsel"] }, Feed, FeedUrl),
            "category order" => (Entry with { Categories = ["Bencana", "Kalsel"] }, Feed, FeedUrl),
            "published" => (Entry with { Published = "Wed, 07 May 2025 02:00:01 GMT" }, Feed, FeedUrl),
            "updated" => (Entry with { Updated = null }, Feed, FeedUrl),
            "base" => (Entry with { BaseUri = "https://mc.example.go.id/x/" }, Feed, FeedUrl),
            "content base" => (Entry with { ContentBaseUri = null }, Feed, FeedUrl),
            "summary base" => (Entry with { SummaryBaseUri = null }, Feed, FeedUrl),
            "enclosure url" => (Entry with { Enclosures = [new ParsedEnclosure("https://mc.example.go.id/2.jpg", "image/jpeg", 100)] }, Feed, FeedUrl),
            "enclosure type" => (Entry with { Enclosures = [new ParsedEnclosure("https://mc.example.go.id/1.jpg", "image/png", 100)] }, Feed, FeedUrl),
            "enclosure length" => (Entry with { Enclosures = [new ParsedEnclosure("https://mc.example.go.id/1.jpg", "image/jpeg", null)] }, Feed, FeedUrl),
            "language" => (Entry with { Language = "en" }, Feed, FeedUrl),
            "feed base" => (Entry, Feed with { BaseUri = "https://portal.example.go.id/" }, FeedUrl),
            "feed language" => (Entry, Feed with { Language = "en" }, FeedUrl),
            "feed url" => (Entry, Feed, new Uri("https://mc.example.go.id/rss")),
            "text moved between fields" => (Entry with { Summary = "<p>Ringkas</p><p>Isi <b>lengkap</b></p>", Content = "" }, Feed, FeedUrl),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(Hashes.Compute(Entry, Feed, FeedUrl), Hashes.Compute(entry, feed, url));
    }

    [Fact]
    public void Null_and_empty_fields_hash_apart()
    {
        Assert.NotEqual(Hashes.Compute(Entry with { Author = null }, Feed, FeedUrl), Hashes.Compute(Entry with { Author = "" }, Feed, FeedUrl));
    }

    [Fact]
    public void Another_normalizer_build_changes_every_hash()
    {
        var other = new RawEntryHash(new SomeOtherNormalizer());

        Assert.NotEqual(Hashes.Compute(Entry, Feed, FeedUrl), other.Compute(Entry, Feed, FeedUrl));
    }

    [Fact]
    public void The_normalizer_carries_the_raw_hash_to_the_item()
    {
        ParsedFeed stamped = Feed with { Items = [Entry with { RawHash = "abc" }] };

        NormalizationResult result = new ItemNormalizer(new HtmlContentSanitizer()).Normalize(stamped, FeedUrl, DateTimeOffset.UnixEpoch);

        Assert.Equal("abc", Assert.Single(result.Items).RawHash);
    }

    [Fact]
    public void Stays_what_stored_raw_hashes_were_made_with()
    {
        // One hash call per entry over one buffer must hash the very bytes the field-by-field
        // hash does: a stored raw hash that moved would send every known entry through normalizing.
        // (The algorithm moved once, from SHA-256 to XXH128, which costs each source one full
        // normalize of its next document, as any release's build stamp does.)
        string longContent = string.Concat(Enumerable.Repeat("<p>Isi berita \u00E9 \uD83D\uDE00 panjang</p>", 400));
        ParsedItem[] entries =
        [
            Entry,
            Entry with { Author = null, Updated = null, Categories = [], Enclosures = [new ParsedEnclosure("https://mc.example.go.id/2.mp3", null, null)] },
            Entry with { Content = longContent, Title = "Kata \uD800 surrogate", Summary = "" },
        ];
        ParsedFeed feed = Feed with { Items = entries, Language = null };

        string[] expected = [.. entries.Select(entry => Reference(entry, feed, FeedUrl))];

        Assert.Equal(expected, Hashes.Compute(feed, FeedUrl));
        Assert.Equal(expected[2], Hashes.Compute(entries[2], feed, FeedUrl));
    }

    [Fact]
    public void Hashing_a_document_allocates_little_more_than_its_hashes()
    {
        ParsedFeed feed = Feed with { Items = [.. Enumerable.Range(0, 20).Select(i => Entry with { Id = $"https://mc.example.go.id/berita/{i}" })] };
        _ = Hashes.Compute(feed, FeedUrl);

        long before = GC.GetAllocatedBytesForCurrentThread();
        string[] hashes = Hashes.Compute(feed, FeedUrl);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Per entry: its 32-character hash (88 bytes) and the enclosure's length as text (32);
        // the array of hashes; nothing per field, and no 64-character hex cut down to 32.
        long budget = (hashes.Length * (88 + 32)) + 24 + (8 * hashes.Length) + 256;
        Assert.True(allocated <= budget, $"{allocated} bytes allocated (budget {budget})");
    }

    /// <summary>The raw hash as defined: an incremental XXH128 fed field by field (the fields'
    /// encoding is the one first defined for SHA-256).</summary>
    private static string Reference(ParsedItem entry, ParsedFeed feed, Uri feedUrl)
    {
        var hash = new System.IO.Hashing.XxHash128();
        void Add(string? field)
        {
            if (field is null)
            {
                hash.Append([0xFF]);
                return;
            }

            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(field);
            byte[] prefix = new byte[5];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1), bytes.Length);
            hash.Append(prefix);
            hash.Append(bytes);
        }

        void AddCount(int count)
        {
            byte[] bytes = new byte[5];
            bytes[0] = 0x01;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), count);
            hash.Append(bytes);
        }

        // The normalizer's build: module version ids and referenced assemblies, hashed the same way.
        using (var build = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
        {
            foreach (System.Reflection.Assembly assembly in new[] { typeof(ItemNormalizer).Assembly, typeof(RawEntryHash).Assembly, typeof(ParsedItem).Assembly }.Distinct())
            {
                foreach (string name in new[] { assembly.ManifestModule.ModuleVersionId.ToString("N") }.Concat(assembly.GetReferencedAssemblies().Select(reference => reference.FullName).Order(StringComparer.Ordinal)))
                {
                    byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
                    byte[] prefix = new byte[5];
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1), bytes.Length);
                    build.AppendData(prefix);
                    build.AppendData(bytes);
                }
            }

            hash.Append(Convert.FromHexString(Convert.ToHexStringLower(build.GetHashAndReset())[..RawEntryHash.HexLength]));
        }

        Add(feedUrl.AbsoluteUri);
        Add(feed.BaseUri);
        Add(feed.Language);
        foreach (string? field in new[] { entry.Id, entry.Link, entry.Title, entry.Summary, entry.Content, entry.Author, entry.Published, entry.Updated, entry.BaseUri, entry.ContentBaseUri, entry.SummaryBaseUri, entry.Language })
        {
            Add(field);
        }

        AddCount(entry.Categories.Count);
        foreach (string category in entry.Categories)
        {
            Add(category);
        }

        AddCount(entry.Enclosures.Count);
        foreach (ParsedEnclosure enclosure in entry.Enclosures)
        {
            Add(enclosure.Url);
            Add(enclosure.MediaType);
            Add(enclosure.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..RawEntryHash.HexLength];
    }

    // Stands for a normalizer from another build: the hash takes its assembly's identity.
    private sealed class SomeOtherNormalizer : IItemNormalizer
    {
        public NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now) => new([], []);
    }
}
