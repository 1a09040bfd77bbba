using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

public sealed class StoryMatcherTests
{
    private static readonly DateTimeOffset Morning = new(2025, 5, 7, 2, 0, 0, TimeSpan.Zero);
    private const long MediaCenter = 1;
    private const long Portal = 2;

    private readonly StoryMatcher _matcher = new(new StoryOptions());

    [Fact]
    public void A_portal_copy_with_dateline_prefix_credit_and_a_dropped_sentence_joins_the_release()
    {
        string[] copy = [.. Releases.Bridge.Where((_, i) => i != 5)];
        copy[0] = "KALSEL, Portal – " + copy[0][(copy[0].IndexOf('–', StringComparison.Ordinal) + 2)..];
        copy[^1] = "(Sumber : MC Kalsel)";

        StoryDecision decision = Decide(
            Item(Portal, "[Rilis] " + Releases.BridgeTitle, copy, Morning.AddHours(3), "https://portal.example/jembatan"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")));

        Assert.Equal(10, decision.StoryId);
        Assert.Equal(StoryJoinRule.SimilarText, decision.Rule);
        Assert.True(decision.Score >= 0.9, decision.Reason);
    }

    [Fact]
    public void Two_releases_of_one_office_on_one_day_stay_apart()
    {
        StoryDecision decision = Decide(
            Item(MediaCenter, Releases.ClinicTitle, Releases.Clinic, Morning.AddHours(2), "https://mc.kalselprov.go.id/puskesmas"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")));

        Assert.Null(decision.StoryId);
        Assert.Equal(StoryJoinRule.NewStory, decision.Rule);
    }

    [Fact]
    public void A_portal_copy_of_the_second_release_does_not_join_the_first_even_without_learned_boilerplate()
    {
        StoryDecision decision = Decide(
            Item(Portal, Releases.ClinicTitle, [.. Releases.Clinic.Take(6), "(Sumber : MC Kalsel)"], Morning.AddHours(4), "https://portal.example/puskesmas"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")),
            Story(11, Member(101, MediaCenter, Releases.ClinicTitle, Releases.Clinic, Morning.AddHours(2), "https://mc.kalselprov.go.id/puskesmas")));

        Assert.Equal(11, decision.StoryId);
    }

    [Fact]
    public void A_copy_of_only_the_first_half_joins_by_containment()
    {
        string[] half = [.. Releases.Bridge.Take(4)];

        StoryDecision decision = Decide(
            Item(Portal, Releases.BridgeTitle, half, Morning.AddHours(5), "https://portal.example/jembatan-sungai-tabuk"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")));

        Assert.Equal(10, decision.StoryId);
        Assert.Contains("containment", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_with_an_added_lead_and_reworded_sentences_joins()
    {
        string[] edited =
        [
            "Kabar gembira bagi warga Kabupaten Banjar yang selama bertahun-tahun menunggu akses darat.",
            .. Releases.Bridge.Take(3),
            "Gubernur mengatakan jembatan ini membuat anak-anak lebih cepat sampai ke sekolah dan hasil kebun mudah dibawa ke pasar.",
            .. Releases.Bridge.Skip(4).Take(3),
        ];

        StoryDecision decision = Decide(
            Item(Portal, "Jembatan Sungai Tabuk Diresmikan, Warga Tak Perlu Lagi Naik Kelotok", edited, Morning.AddHours(20), "https://portal.example/jembatan-2"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")));

        Assert.Equal(10, decision.StoryId);
    }

    [Fact]
    public void The_same_canonical_link_joins_whatever_the_text()
    {
        StoryDecision decision = Decide(
            Item(Portal, "Judul lain", ["Teks yang sama sekali berbeda."], Morning, "https://mc.kalselprov.go.id/jembatan"),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, "https://mc.kalselprov.go.id/jembatan")));

        Assert.Equal(StoryJoinRule.SameLink, decision.Rule);
        Assert.Equal(100, decision.MatchedItemId);
    }

    [Fact]
    public void A_copy_published_long_after_needs_a_closer_match()
    {
        string[] half = [.. Releases.Bridge.Take(3), "Ini adalah tambahan redaksi tentang sejarah penyeberangan di Sungai Tabuk sejak zaman dahulu kala.", "Redaksi juga mencatat keluhan warga soal tarif kelotok yang terus naik setiap tahun menjelang lebaran."];

        StoryDecision soon = Decide(
            Item(Portal, Releases.BridgeTitle, half, Morning.AddHours(6), null),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, null)));
        StoryDecision late = Decide(
            Item(Portal, Releases.BridgeTitle, half, Morning.AddDays(5), null),
            Story(10, Member(100, MediaCenter, Releases.BridgeTitle, Releases.Bridge, Morning, null)));

        Assert.Equal(10, soon.StoryId);
        Assert.Null(late.StoryId);
    }

    [Fact]
    public void Boilerplate_learned_from_a_source_counts_for_nothing()
    {
        string footer = "Ikuti berita terkini Portal Banua di Google News dan saluran WhatsApp kami setiap hari.";
        string[] history = ["Harga karet di Pasar Martapura naik tajam minggu ini.", "Banjir merendam tiga desa di Kabupaten Barito Kuala.", "Festival budaya digelar di Kota Banjarbaru akhir pekan."];
        SourceBoilerplate learned = SourceBoilerplate.Learn(history.Select(text => StoryText.From(null, $"<p>{text}</p><p>{footer}</p>").MatchText), minItems: 3);
        string[] ownStory = ["Pasar malam Ramadan kembali dibuka di Kota Martapura.", footer];

        StoryDecision decision = _matcher.Decide(
            new IncomingItem(Portal, null, Morning, Features("Pasar Malam Dibuka", ownStory), learned),
            [Story(10, Member(100, Portal, "Harga Karet Naik", [history[0], footer], Morning.AddHours(-3), null))]);

        Assert.True(learned.Count > 0);
        Assert.Null(decision.StoryId);
    }

    private StoryDecision Decide(IncomingItem item, params CandidateStory[] candidates) => _matcher.Decide(item, candidates);

    private static IncomingItem Item(long sourceId, string title, IEnumerable<string> paragraphs, DateTimeOffset publishedAt, string? link) =>
        new(sourceId, link, publishedAt, Features(title, paragraphs), SourceBoilerplate.None);

    private static CandidateStory Story(long id, params StoryMember[] members) => new(id, members);

    private static StoryMember Member(long itemId, long sourceId, string title, IEnumerable<string> paragraphs, DateTimeOffset publishedAt, string? link) =>
        new(itemId, sourceId, link, publishedAt, Features(title, paragraphs));

    private static StoryFeatures Features(string title, IEnumerable<string> paragraphs) =>
        StoryFeatures.From(StoryText.From(title, Releases.Html(paragraphs)).MatchText);
}
