using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Benchmarks;

/// <summary>Stories shaped like the media centers' posts (about 1.5 KB of HTML each), some
/// republished by two portals.</summary>
internal static class RenderStories
{
    public static List<StoryEntry> Create(int count)
    {
        DateTimeOffset newest = new(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(1, count).Select(i => new StoryEntry
        {
            StoryId = i,
            SourceId = 1,
            SourceUrl = "https://mc.example/feed",
            SourceTitle = "MC Kalsel",
            FirstSeenAt = newest.AddMinutes(-17 * i),
            Item = new FeedItem
            {
                ItemKey = $"k{i}",
                ContentHash = "h",
                Title = $"Gubernur Kalsel resmikan jembatan ke-{i} di Kabupaten Banjar",
                Link = $"https://mc.example/berita/{i}/gubernur-resmikan-jembatan",
                CanonicalLink = $"https://mc.example/berita/{i}/gubernur-resmikan-jembatan",
                Summary = $"BANJARMASIN – Gubernur Kalimantan Selatan meresmikan jembatan ke-{i} yang menghubungkan dua kecamatan …",
                ContentHtml = $"<p><img src=\"https://mc.example/img/jembatan-{i}.jpg\" alt=\"Jembatan\"></p><p>BANJARMASIN – Gubernur Kalimantan Selatan meresmikan jembatan ke-{i} yang menghubungkan dua kecamatan di Kabupaten Banjar, Selasa (7/5/2024). Jembatan sepanjang 120 meter itu dibangun dengan anggaran daerah dan diharapkan memperlancar arus barang dan orang.</p><p>“Jembatan ini untuk masyarakat, mari kita jaga bersama,” kata Gubernur dalam sambutannya. Pembangunan dimulai tahun lalu dan selesai tepat waktu.</p><p>Bupati Banjar menyampaikan terima kasih atas dukungan pemerintah provinsi. Infrastruktur menjadi prioritas daerah tahun ini.</p><p>(Sumber : MC Kalsel)</p>",
                Author = "Humas Kalsel",
                Categories = ["Pemerintahan", "Kabupaten Banjar"],
                Enclosures = [new ParsedEnclosure($"https://mc.example/img/jembatan-{i}.jpg", "image/jpeg", 123456)],
                PublishedAt = newest.AddMinutes(-17 * i),
            },
            AlsoPublishedBy = i % 3 == 0
                ? [new StoryCopy(2, "Portal Banua", "https://banua.example/feed", $"https://banua.example/{i}"), new StoryCopy(3, "Kalsel Today", "https://today.example/rss", $"https://today.example/{i}")]
                : [],
        })];
    }
}
