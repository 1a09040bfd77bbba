using FeedHub.Core.Dedup;
using FeedHub.Core.Items;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

public sealed class ItemNormalizerTests
{
    private static readonly Uri FeedUrl = new("https://mc.kalselprov.go.id/feed/");
    private static readonly DateTimeOffset Now = new(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);
    private readonly ItemNormalizer _normalizer = new(new HtmlContentSanitizer());

    [Fact]
    public void Normalizes_a_whole_document()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            BaseUri = "https://portal.example.id/",
            Items =
            [
                new ParsedItem
                {
                    Id = "  urn:berita:1 ",
                    Link = "berita/1?utm_source=rss&id=1#atas",
                    Title = "<b>Banjir</b> &amp;amp; longsor",
                    Summary = "<p onclick=\"x()\">Ringkas <a href=\"/a\">tautan</a></p>",
                    Content = "<p>Isi <img src=\"foto.jpg\" onerror=\"alert(1)\"></p><script>alert(1)</script>",
                    Author = "<i>Humas</i> Pemprov",
                    Categories = ["Bencana", "bencana", "<b>Kalsel</b>", "  "],
                    Published = "2024-05-07T08:00:00+07:00",
                    Updated = "2024-05-07T09:00:00+07:00",
                    Enclosures =
                    [
                        new ParsedEnclosure("audio/1.mp3", " audio/mpeg ", 1234),
                        new ParsedEnclosure("javascript:alert(1)", "text/html", null),
                        new ParsedEnclosure("audio/1.mp3", "audio/mpeg", 1234),
                    ],
                },
                new ParsedItem
                {
                    Link = "https://item.example.id/x/",
                    BaseUri = "https://item.example.id/x/",
                    Title = "Tanggal jauh",
                    Summary = "<img src=\"g.png\">Teks",
                    Published = "Fri, 01 Jan 2999 00:00:00 GMT",
                },
                new ParsedItem { Link = "/tanpa-tanggal", Title = "Tanpa tanggal" },
            ],
        };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Empty(result.Skipped);
        Assert.Equal(3, result.Items.Count);

        FeedItem first = result.Items[0];
        Assert.Equal("urn:berita:1", first.Guid);
        Assert.Equal(ItemIdentity.FromGuid("urn:berita:1"), first.ItemKey);
        Assert.Equal("https://portal.example.id/berita/1?utm_source=rss&id=1#atas", first.Link);
        Assert.Equal("https://portal.example.id/berita/1?id=1", first.CanonicalLink);
        Assert.Equal("Banjir &amp; longsor", first.Title);
        Assert.Equal("Humas Pemprov", first.Author);
        Assert.Equal(["Bencana", "Kalsel"], first.Categories);
        Assert.Equal("<p>Ringkas <a href=\"https://portal.example.id/a\" rel=\"noopener noreferrer nofollow\">tautan</a></p>", first.Summary);
        Assert.Equal("<p>Isi <img src=\"https://portal.example.id/foto.jpg\"></p>", first.ContentHtml);
        Assert.Equal([new ParsedEnclosure("https://portal.example.id/audio/1.mp3", "audio/mpeg", 1234)], first.Enclosures);
        Assert.Equal(new DateTimeOffset(2024, 5, 7, 1, 0, 0, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 7, 2, 0, 0, TimeSpan.Zero), first.UpdatedAt);
        Assert.NotEqual(0, first.Fingerprint);
        Assert.Equal(32, first.ContentHash.Length);

        FeedItem farFuture = result.Items[1];
        Assert.Equal(Now, farFuture.PublishedAt);
        Assert.Null(farFuture.Guid);
        Assert.Equal(ItemIdentity.FromLink("https://item.example.id/x/"), farFuture.ItemKey);
        Assert.Equal("<img src=\"https://item.example.id/x/g.png\">Teks", farFuture.Summary);
        Assert.Equal(farFuture.Summary, farFuture.ContentHtml);

        FeedItem undated = result.Items[2];
        Assert.Equal(Now, undated.PublishedAt);
        Assert.Null(undated.UpdatedAt);
        Assert.Equal("https://portal.example.id/tanpa-tanggal", undated.Link);
        Assert.Null(undated.Summary);
        Assert.Null(undated.ContentHtml);
    }

    [Fact]
    public void A_bad_entry_is_skipped_and_the_rest_proceed()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items =
            [
                new ParsedItem { Id = "1", Title = "Baik" },
                new ParsedItem { Id = "2", Title = "Rusak", Categories = null! },
                new ParsedItem { Id = "3", Title = "Juga baik" },
            ],
        };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(["Baik", "Juga baik"], result.Items.Select(item => item.Title));
        string skipped = Assert.Single(result.Skipped);
        Assert.StartsWith("Entry 2 (2) skipped: ", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_document_gives_the_items_of_its_entries_one_by_one_in_document_order()
    {
        // Large enough to be normalized in parallel; every 37th entry is broken, every 41st empty.
        var entries = Enumerable.Range(0, ItemNormalizer.ParallelFrom * 4).Select(i => i % 37 == 5
            ? new ParsedItem { Id = $"urn:{i}", Title = "Rusak", Categories = null! }
            : i % 41 == 7
                ? new ParsedItem { Link = "javascript:alert(1)" }
                : new ParsedItem
                {
                    Id = $"urn:{i}",
                    Link = $"/berita/{i}",
                    Title = $"Berita {i}",
                    Content = i % 2 == 0 ? $"<p>Isi &#8211; {i} <a href=\"/tag/{i}\" onclick=\"x()\">tag</a></p>" : $"<p>Isi {i}<script>x()</script></p><table><tr><td>{i}</td></tr></table>",
                    Published = Now.AddMinutes(-i).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }).ToList();

        NormalizationResult whole = _normalizer.Normalize(new ParsedFeed { Format = "rss2.0", Items = entries }, FeedUrl, Now);

        var expected = new List<FeedItem>();
        var expectedSkips = new List<string>();
        for (int i = 0; i < entries.Count; i++)
        {
            NormalizationResult single = _normalizer.Normalize(new ParsedFeed { Format = "rss2.0", Items = [entries[i]] }, FeedUrl, Now);
            expected.AddRange(single.Items);
            expectedSkips.AddRange(single.Skipped.Select(line => line.Replace("Entry 1", $"Entry {i + 1}", StringComparison.Ordinal)));
        }

        Assert.Equal(expected.Select(Summary), whole.Items.Select(Summary));
        Assert.Equal(expectedSkips, whole.Skipped);
        Assert.True(expectedSkips.Count > 10);

        static string Summary(FeedItem item) =>
            $"{item.ItemKey} {item.Title} {item.ContentHash} {item.Fingerprint} {item.ContentHtml} {item.PublishedAt:O}";
    }

    [Fact]
    public void An_item_takes_its_own_language_else_its_feeds_and_drops_what_is_not_a_language_tag()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Language = " id_ID ",
            Items =
            [
                new ParsedItem { Id = "1", Title = "Own", Language = "en-US" },
                new ParsedItem { Id = "2", Title = "Inherited" },
                new ParsedItem { Id = "3", Title = "Garbage", Language = "<script>" },
            ],
        };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(["en-US", "id-ID", "id-ID"], result.Items.Select(item => item.Language));
        Assert.Null(Assert.Single(_normalizer.Normalize(feed with { Language = "bahasa indonesia", Items = [new ParsedItem { Id = "1", Title = "x" }] }, FeedUrl, Now).Items).Language);
    }

    [Fact]
    public void Items_sharing_one_guid_stay_distinct_and_refetching_changes_nothing()
    {
        ParsedFeed feed = SameGuidFeed("<p>isi</p>");

        NormalizationResult first = _normalizer.Normalize(feed, FeedUrl, Now);
        NormalizationResult second = _normalizer.Normalize(SameGuidFeed("<p>isi</p>"), FeedUrl, Now.AddHours(1));

        Assert.Empty(first.Skipped);
        Assert.Equal(3, first.Items.Select(item => item.ItemKey).Distinct().Count());
        Assert.All(first.Items, item => Assert.StartsWith(ItemIdentity.LinkPrefix, item.ItemKey, StringComparison.Ordinal));
        Assert.Equal(first.Items.Select(item => item.ItemKey), second.Items.Select(item => item.ItemKey));
        Assert.Equal(first.Items.Select(item => item.ContentHash), second.Items.Select(item => item.ContentHash));
        Assert.Equal(first.Items.Select(item => item.Fingerprint), second.Items.Select(item => item.Fingerprint));
    }

    [Fact]
    public void A_revised_item_keeps_its_key_and_gets_a_new_hash()
    {
        var original = new ParsedFeed { Format = "rss2.0", Items = [new ParsedItem { Id = "urn:7", Title = "Judul", Content = "<p>versi 1</p>" }] };
        var revised = original with { Items = [original.Items[0] with { Content = "<p>versi 2</p>" }] };

        FeedItem before = Assert.Single(_normalizer.Normalize(original, FeedUrl, Now).Items);
        FeedItem after = Assert.Single(_normalizer.Normalize(revised, FeedUrl, Now).Items);

        Assert.Equal(before.ItemKey, after.ItemKey);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
    }

    [Fact]
    public void Fresh_tracking_parameters_do_not_make_a_revision()
    {
        var original = new ParsedFeed { Format = "rss2.0", Items = [new ParsedItem { Id = "urn:8", Link = "/a?utm_source=rss&utm_term=1", Title = "Judul" }] };
        var refetched = original with { Items = [original.Items[0] with { Link = "/a?utm_source=rss&utm_term=2" }] };

        FeedItem before = Assert.Single(_normalizer.Normalize(original, FeedUrl, Now).Items);
        FeedItem after = Assert.Single(_normalizer.Normalize(refetched, FeedUrl, Now).Items);

        Assert.NotEqual(before.Link, after.Link);
        Assert.Equal(before.ContentHash, after.ContentHash);
    }

    [Fact]
    public void True_duplicates_keep_the_first_and_report_the_rest()
    {
        var item = new ParsedItem { Id = "urn:dup", Link = "/a", Title = "Sama", Content = "<p>sama</p>" };
        var feed = new ParsedFeed { Format = "rss2.0", Items = [item, item with { Title = "Sama" }, new ParsedItem { Id = "urn:other", Title = "Lain" }] };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(["Sama", "Lain"], result.Items.Select(normalized => normalized.Title));
        Assert.Equal("Entry 2 (urn:dup) skipped: same identity as entry 1.", Assert.Single(result.Skipped));
    }

    [Fact]
    public void An_entry_with_nothing_to_identify_or_show_is_skipped_and_the_rest_kept()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items = [new ParsedItem { Title = "Satu", Link = "/1" }, new ParsedItem { Link = "javascript:alert(1)", Title = "<b> </b>" }, new ParsedItem { Title = "Tiga", Link = "/3" }],
        };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(["Satu", "Tiga"], result.Items.Select(item => item.Title));
        Assert.Equal("Entry 2 (javascript:alert(1)) skipped: no title, usable link, id or text.", Assert.Single(result.Skipped));
    }

    [Theory]
    [InlineData("<p>Gubernur meresmikan jembatan baru di Banjar</p>", "Gubernur meresmikan jembatan baru di Banjar")]
    [InlineData(null, ItemNormalizer.Untitled)]
    [InlineData("<script>x()</script>", ItemNormalizer.Untitled)]
    public void An_entry_without_a_title_is_named_from_its_text(string? content, string expected)
    {
        var feed = new ParsedFeed { Format = "rss2.0", Items = [new ParsedItem { Id = "1", Title = "  <b></b> ", Content = content }] };

        Assert.Equal(expected, Assert.Single(_normalizer.Normalize(feed, FeedUrl, Now).Items).Title);
    }

    [Fact]
    public void Illegal_xml_characters_and_oversized_fields_are_cleaned()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items =
            [
                new ParsedItem
                {
                    Id = "a\u0001b",
                    Title = "Judul\u000B\uFFFE &#1;" + new string('x', 5_000),
                    Author = new string('y', 1_000),
                    Content = "<p>\uD800isi\u0001</p>",
                    Categories = ["kat\uFFFF"],
                },
            ],
        };

        FeedItem item = Assert.Single(_normalizer.Normalize(feed, FeedUrl, Now).Items);

        Assert.Equal("ab", item.Guid);
        Assert.StartsWith("Judul xxx", item.Title, StringComparison.Ordinal);
        Assert.True(item.Title.Length <= FieldLimits.Title);
        Assert.True(item.Author!.Length <= FieldLimits.Author);
        Assert.Equal(["kat"], item.Categories);
        foreach (string text in new[] { item.Guid!, item.Title, item.Author, item.ContentHtml!, item.Categories[0] })
        {
            System.Xml.XmlConvert.VerifyXmlChars(text);
        }
    }

    [Fact]
    public void Links_that_are_not_http_are_dropped_and_an_http_guid_stands_in()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items =
            [
                new ParsedItem { Id = "1", Title = "a", Link = "javascript:alert(1)" },
                new ParsedItem { Id = "https://mc.example.go.id/berita/2", Title = "b" },
            ],
        };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Null(result.Items[0].Link);
        Assert.Null(result.Items[0].CanonicalLink);
        Assert.Equal("https://mc.example.go.id/berita/2", result.Items[1].Link);
    }

    private static ParsedFeed SameGuidFeed(string content) => new()
    {
        Format = "rss2.0",
        Items =
        [
            new ParsedItem { Id = "https://mc.example.go.id/", Link = "/berita/1", Title = "Satu", Content = content },
            new ParsedItem { Id = "https://mc.example.go.id/", Link = "/berita/2", Title = "Dua", Content = content },
            new ParsedItem { Id = "https://mc.example.go.id/", Link = "/berita/3", Title = "Tiga", Content = content },
        ],
    };

    [Theory]
    [InlineData("&lt;img src=x onerror=alert(1)&gt;Banjir", "Banjir")]
    [InlineData("Banjir &lt;svg/onload=alert(1)&gt; longsor", "Banjir longsor")]
    [InlineData("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;Judul", "alert(1)Judul")]
    [InlineData("&lt;&lt;b&gt;img src=x onerror=alert(1)&gt;Judul", "Judul")]
    [InlineData("&lt;!-- x --&gt;Judul &lt;?php ?&gt;", "Judul")]
    [InlineData("Judul &lt;img src=x onerror=alert(1)", "Judul")]
    [InlineData("3 &lt; 5 dan 7 &gt; 6", "3 < 5 dan 7 > 6")]
    [InlineData("a ]]&gt; b", "a ]]> b")]
    [InlineData("&amp;lt; stays &amp;lt;", "&lt; stays &lt;")]
    public void Titles_are_safe_as_text_and_as_html_after_decoding(string title, string expected)
    {
        var feed = new ParsedFeed { Format = "rss2.0", Items = [new ParsedItem { Id = "1", Title = title }] };

        string stored = Assert.Single(_normalizer.Normalize(feed, FeedUrl, Now).Items).Title;

        Assert.Equal(expected, stored);
    }

    [Fact]
    public void A_title_derived_from_the_text_loses_tag_like_sequences_too()
    {
        var feed = new ParsedFeed { Format = "rss2.0", Items = [new ParsedItem { Id = "1", Content = "<p>&lt;img src=x onerror=alert(1)&gt;Isi berita</p>" }] };

        Assert.Equal("Isi berita", Assert.Single(_normalizer.Normalize(feed, FeedUrl, Now).Items).Title);
    }

    [Fact]
    public void Only_the_newest_items_up_to_the_limit_are_kept_per_document()
    {
        int[] hoursAgo = [5, 1, 7, 2, 6, 3];
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items = [.. hoursAgo.Select(h => new ParsedItem { Id = $"urn:{h}", Title = $"{h} jam lalu", Published = Now.AddHours(-h).ToString("o") })],
        };
        var normalizer = new ItemNormalizer(new HtmlContentSanitizer(), maxItemsPerFeed: 3);

        NormalizationResult result = normalizer.Normalize(feed, FeedUrl, Now);

        // The newest three, in document order.
        Assert.Equal(["1 jam lalu", "2 jam lalu", "3 jam lalu"], result.Items.Select(item => item.Title));
        Assert.Equal(3, result.BeyondLimit);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Undated_items_beyond_the_limit_are_cut_in_document_order()
    {
        var feed = new ParsedFeed { Format = "rss2.0", Items = [.. Enumerable.Range(1, 5).Select(n => new ParsedItem { Id = $"urn:{n}", Title = $"Berita {n}" })] };
        var normalizer = new ItemNormalizer(new HtmlContentSanitizer(), maxItemsPerFeed: 2);

        NormalizationResult result = normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(["Berita 1", "Berita 2"], result.Items.Select(item => item.Title));
        Assert.Equal(3, result.BeyondLimit);
    }

    [Fact]
    public void The_default_limit_is_five_hundred_items()
    {
        var feed = new ParsedFeed { Format = "rss2.0", Items = [.. Enumerable.Range(1, 501).Select(n => new ParsedItem { Id = $"urn:{n}", Title = $"Berita {n}" })] };

        NormalizationResult result = _normalizer.Normalize(feed, FeedUrl, Now);

        Assert.Equal(500, result.Items.Count);
        Assert.Equal(1, result.BeyondLimit);
        Assert.Equal(500, new FetchOptions().MaxItemsPerFeed);
    }

    [Fact]
    public void Entries_kept_by_date_are_stored_as_without_a_limit()
    {
        // Dates of every kind: plausible, updated only, in the future, before 1995, unreadable,
        // none; the kept entries are dated with the dates they were ranked by.
        string?[] published = ["Tue, 07 May 2024 01:00:00 +0700", null, "2999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "kemarin", "2024-05-06T10:00:00+08:00", "Mon, 06 May 2024 23:59:59 GMT", null];
        string?[] updated = [null, "2024-05-06T12:00:00Z", null, "2024-05-05T00:00:00Z", null, "2024-05-07T00:00:00Z", null, null];
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Items = [.. Enumerable.Range(0, 80).Select(n => new ParsedItem
            {
                Id = $"urn:{n}",
                Title = $"Berita {n}",
                Content = $"<p>Isi berita {n}.</p>",
                Published = published[n % published.Length] is { } date && n % 3 == 0 ? date.Replace("0", (n % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : published[n % published.Length],
                Updated = updated[n % updated.Length],
            })],
        };

        NormalizationResult limited = new ItemNormalizer(new HtmlContentSanitizer(), maxItemsPerFeed: 70).Normalize(feed, FeedUrl, Now);
        NormalizationResult all = new ItemNormalizer(new HtmlContentSanitizer(), maxItemsPerFeed: 1000).Normalize(feed, FeedUrl, Now);

        Assert.Equal(10, limited.BeyondLimit);
        var keptKeys = limited.Items.Select(item => item.ItemKey).ToHashSet();
        FeedItem[] expected = [.. all.Items.Where(item => keptKeys.Contains(item.ItemKey))];
        Assert.Equal(70, expected.Length);
        Assert.Equal(
            expected.Select(item => System.Text.Json.JsonSerializer.Serialize(item)),
            limited.Items.Select(item => System.Text.Json.JsonSerializer.Serialize(item)));
    }
}
