using System.Globalization;
using System.Text;
using static FeedHub.Tests.Stories.Syndication.SyndicationVocabulary;

namespace FeedHub.Tests.Stories.Syndication;

/// <summary>A simulated source: a media center (the origin of releases) or a portal.</summary>
public sealed record SimSource(int Index, string Url, string Title, bool IsOrigin, IReadOnlyList<string> Credits, bool IsMediaCenter, bool Polled);

/// <summary>A simulated feed entry with its ground truth: which story it is a copy of, and
/// which source that story's origin is.</summary>
public sealed record SimItem(int Source, string Key, string Title, string Html, string Link, DateTimeOffset PublishedAt, int TrueStory, int TrueOriginSource);

/// <summary>Media centers publishing releases from shared templates; portals republishing a
/// share of them with the edits real portals make (datelines, prefixes, credit lines, dropped,
/// reworded and added sentences, truncation, footers, second-hand copies); portals' own stories,
/// some republished by other portals. Deterministic for a seed.</summary>
public sealed class SyndicationWorld
{
    private readonly Random _random;
    private readonly List<SimItem> _items = [];
    private int _stories;

    private SyndicationWorld(int seed)
    {
        _random = new Random(seed);
    }

    public List<SimSource> Sources { get; } = [];

    /// <summary>Every polled entry, by publish time.</summary>
    public IReadOnlyList<SimItem> Items => _items;

    public static SyndicationWorld Generate(int seed, int days = 7, int portalsPerRegion = 4, int releasesPerDay = 5, double republishShare = 0.4)
    {
        var world = new SyndicationWorld(seed);
        world.Build(new DateTimeOffset(2025, 5, 5, 0, 0, 0, TimeSpan.Zero), days, portalsPerRegion, releasesPerDay, republishShare);
        return world;
    }

    private void Build(DateTimeOffset start, int days, int portalsPerRegion, int releasesPerDay, double republishShare)
    {
        string[] portalNames = ["Banua", "Borneo", "Kabar", "Warta", "Suara", "Radar", "Info", "Lintas", "Jurnal", "Sorot"];
        var regionPortals = new Dictionary<string, List<SimSource>>();
        foreach (Region region in Regions)
        {
            // One region's media center is not polled: its stories have no polled origin.
            bool polled = region.Code != "KALTENG";
            bool flagged = region.Code is "KALSEL" or "JATIM" or "NTB";
            Sources.Add(new SimSource(Sources.Count, $"https://{region.Domain}/feed", $"Diskominfo {region.Province}", flagged, region.Aliases, true, polled));
            regionPortals[region.Code] = [];
            for (int p = 0; p < portalsPerRegion; p++)
            {
                string name = $"{portalNames[(p + region.Code.Length) % portalNames.Length]} {region.Code[0]}{region.Code[1..].ToLowerInvariant()}";
                var portal = new SimSource(Sources.Count, $"https://{Slug(name)}.example/feed", name, false, [], false, true);
                Sources.Add(portal);
                regionPortals[region.Code].Add(portal);
            }
        }

        List<SimSource> aggregators = [];
        foreach (string name in new[] { "Nusantara Terkini", "Kabar Daerah", "Indonesia Satu" })
        {
            var aggregator = new SimSource(Sources.Count, $"https://{Slug(name)}.example/feed", name, false, [], false, true);
            Sources.Add(aggregator);
            aggregators.Add(aggregator);
        }

        var portalStyle = Sources.Where(source => !source.IsMediaCenter).ToDictionary(source => source.Index, _ => new PortalStyle(_random));
        for (int day = 0; day < days; day++)
        {
            DateTimeOffset date = start.AddDays(day);
            for (int r = 0; r < Regions.Length; r++)
            {
                Region region = Regions[r];
                SimSource mediaCenter = Sources.First(source => source.IsMediaCenter && source.Url.Contains(region.Domain, StringComparison.Ordinal));
                // An office writes several releases of one kind on some days: the template case.
                int favourite = _random.Next(ReleaseKinds.Length);
                int count = releasesPerDay - 1 + _random.Next(3);
                for (int n = 0; n < count; n++)
                {
                    int kind = _random.NextDouble() < 0.5 ? favourite : _random.Next(ReleaseKinds.Length);
                    DateTimeOffset published = date.AddHours(1 + _random.NextDouble() * 10);
                    Release release = WriteRelease(region, kind, published);
                    int story = _stories++;
                    var copies = new List<(SimSource Source, string Title, List<string> Paragraphs, DateTimeOffset At)>();
                    if (mediaCenter.Polled)
                    {
                        Add(mediaCenter, release.Title, release.Paragraphs, published, story, mediaCenter.Index);
                    }

                    foreach (SimSource portal in regionPortals[region.Code].Concat(aggregators))
                    {
                        double share = aggregators.Contains(portal) ? republishShare / 3 : republishShare;
                        if (_random.NextDouble() >= share)
                        {
                            continue;
                        }

                        DateTimeOffset at = published + Delay();
                        (string title, List<string> paragraphs) = portalStyle[portal.Index].Edit(_random, region, portal, release.Title, release.Paragraphs);
                        copies.Add((portal, title, paragraphs, at));
                        Add(portal, title, paragraphs, at, story, mediaCenter.Index, aggregators.Contains(portal) && _random.NextDouble() < 0.15 ? release.Link : null);
                    }

                    // A second-hand copy: an aggregator copies a portal's copy, edits stacked.
                    if (copies.Count > 0 && _random.NextDouble() < 0.15)
                    {
                        var from = copies[_random.Next(copies.Count)];
                        SimSource aggregator = aggregators[_random.Next(aggregators.Count)];
                        if (from.Source != aggregator)
                        {
                            (string title, List<string> paragraphs) = portalStyle[aggregator.Index].Edit(_random, region, aggregator, from.Title, from.Paragraphs);
                            Add(aggregator, title, paragraphs, from.At + Delay(), story, mediaCenter.Index);
                        }
                    }
                }

                foreach (SimSource portal in regionPortals[region.Code])
                {
                    for (int n = 0, own = 1 + _random.Next(3); n < own; n++)
                    {
                        (string title, List<string> paragraphs) = WriteOwnStory(region);
                        DateTimeOffset published = date.AddHours(_random.NextDouble() * 20);
                        int story = _stories++;
                        Add(portal, title, paragraphs, published, story, portal.Index);
                        if (_random.NextDouble() < 0.15)
                        {
                            SimSource other = regionPortals[region.Code][_random.Next(portalsPerRegion)];
                            if (other != portal)
                            {
                                (string copyTitle, List<string> copy) = portalStyle[other.Index].Edit(_random, region, other, title, paragraphs, credit: portal.Title);
                                Add(other, copyTitle, copy, published + Delay(), story, portal.Index);
                            }
                        }
                    }
                }
            }
        }

        _items.Sort((a, b) => a.PublishedAt.CompareTo(b.PublishedAt));
    }

    private TimeSpan Delay()
    {
        // Most copies follow within hours; a few days later (a weekly roundup, a slow desk).
        double hours = 0.2 + (-Math.Log(1 - _random.NextDouble()) * 5);
        if (_random.NextDouble() < 0.04)
        {
            hours += 48 + _random.NextDouble() * 72;
        }

        return TimeSpan.FromHours(hours);
    }

    private void Add(SimSource source, string title, List<string> paragraphs, DateTimeOffset publishedAt, int story, int origin, string? link = null)
    {
        int n = _items.Count;
        string host = new Uri(source.Url).Host;
        _items.Add(new SimItem(source.Index, $"s{source.Index}-{n}", title, string.Concat(paragraphs.Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")),
            link ?? $"https://{host}/berita/{n}/{Slug(title)}", publishedAt, story, origin));
    }

    private sealed record Release(string Title, List<string> Paragraphs, string Link);

    private Release WriteRelease(Region region, int kind, DateTimeOffset published)
    {
        (string _, string[] objects, string[] frames) = ReleaseKinds[kind];
        var slots = ReleaseSlots(region, objects, published);
        var paragraphs = new List<string>();
        string dateline = $"{region.Cities[0].ToUpperInvariant()}, ({region.Aliases[0]}) – ";
        paragraphs.Add(dateline + Fill(frames[0], slots));
        foreach (string frame in frames.Skip(1))
        {
            if (_random.NextDouble() < 0.75)
            {
                paragraphs.Add(Fill(frame, slots));
            }
        }

        if (_random.NextDouble() < 0.6)
        {
            paragraphs.Add($"{region.Aliases[0]}/{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}");
        }

        string title = kind switch
        {
            0 => Fill("Gubernur Resmikan {Object} di {village}", slots),
            1 => Fill("Pemprov {province} Salurkan {n} {Object} untuk Warga {village}", slots),
            2 => Fill("Rakor {Object}, Capaian Triwulan {quarter} Capai {percent} Persen", slots),
            _ => Fill("{office} {province} Gelar {Object} di {city}", slots),
        };
        return new Release(title, paragraphs, $"https://{region.Domain}/berita/{_stories}/{Slug(title)}");
    }

    private Dictionary<string, string> ReleaseSlots(Region region, string[] objects, DateTimeOffset published)
    {
        // Officials are fixed per region (they appear in every release); the rest is the event's.
        int regionIndex = Array.IndexOf(Regions, region);
        string governor = $"{FirstNames[regionIndex * 3 % FirstNames.Length]} {LastNames[regionIndex * 5 % LastNames.Length]}";
        int office = _random.Next(Offices.Length);
        string obj = objects[_random.Next(objects.Length)];
        return new Dictionary<string, string>
        {
            ["leader"] = $"Gubernur {region.Province} {governor}",
            ["leaderShort"] = "Gubernur",
            ["office"] = Offices[office],
            ["official"] = $"{FirstNames[(regionIndex + office * 7) % FirstNames.Length]} {LastNames[(regionIndex * 2 + office) % LastNames.Length]}",
            ["object"] = obj,
            ["Object"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(obj),
            ["village"] = Pick(Villages),
            ["villages"] = Number(3, 40),
            ["city"] = Pick(region.Cities),
            ["city2"] = Pick(region.Cities),
            ["province"] = region.Province,
            ["day"] = Days[(int)published.DayOfWeek == 0 ? 6 : (int)published.DayOfWeek - 1],
            ["date"] = $"{published.Day}/{published.Month}/{published.Year}",
            ["year"] = published.Year.ToString(CultureInfo.InvariantCulture),
            ["amount"] = _random.NextDouble() < 0.5 ? $"Rp{_random.Next(1, 30)},{_random.Next(1, 10)} miliar" : $"Rp{_random.Next(100, 990)} juta",
            ["months"] = Number(3, 18),
            ["n"] = Number(12, 900),
            ["n2"] = Number(100, 2500),
            ["people"] = Number(500, 40000),
            ["minutes"] = Number(20, 120),
            ["percent"] = Number(40, 98),
            ["quarter"] = Pick(["I", "II", "III"]),
            ["weeks"] = Number(1, 4),
            ["days"] = Number(2, 6),
            ["trainers"] = Number(3, 9),
            ["month"] = Pick(["Juni", "Juli", "Agustus", "September", "Oktober"]),
            ["citizen"] = $"{Pick(FirstNames)} {Pick(LastNames)}",
        };
    }

    private (string Title, List<string> Paragraphs) WriteOwnStory(Region region)
    {
        var slots = new Dictionary<string, string>
        {
            ["commodity"] = Pick(Commodities), ["market"] = Pick(Markets), ["city"] = Pick(region.Cities), ["price"] = Number(8, 95) + ".000",
            ["citizen"] = $"{Pick(FirstNames)} {Pick(LastNames)}", ["village"] = Pick(Villages), ["village2"] = Pick(Villages), ["day"] = Pick(Days),
            ["club"] = Pick(Clubs), ["score1"] = Number(1, 4), ["score2"] = Number(0, 3), ["stadium"] = Pick(["Demang Lehman", "Segiri", "Gelora", "Mattoanging"]),
            ["festival"] = Pick(Festivals), ["n"] = Number(2, 60), ["crime"] = Pick(Crimes), ["months"] = Number(2, 12),
        };
        var paragraphs = new List<string>();
        int first = _random.Next(OwnFrames.Length);
        for (int i = 0, count = 3 + _random.Next(3); i < count; i++)
        {
            paragraphs.Add(Fill(OwnFrames[(first + i * 3) % OwnFrames.Length], slots));
        }

        string[] words = paragraphs[0].Split(' ');
        return (string.Join(' ', words.Take(Math.Min(9, words.Length))).TrimEnd('.', ','), paragraphs);
    }

    private string Number(int min, int max) => _random.Next(min, max + 1).ToString(CultureInfo.InvariantCulture);

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private static string Fill(string frame, Dictionary<string, string> slots)
    {
        var text = new StringBuilder(frame);
        foreach ((string name, string value) in slots)
        {
            text.Replace("{" + name + "}", value);
        }

        string filled = text.ToString();
        return filled.Length > 0 ? char.ToUpperInvariant(filled[0]) + filled[1..] : filled;
    }

    internal static string Slug(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', ',', '.', '"', '(', ')', '/', ':'], StringSplitOptions.RemoveEmptyEntries).Take(8));
}
