using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Rules;

public sealed class ItemRuleMatcherTests
{
    private static ItemRules Rules(string[]? keep = null, string[]? block = null)
    {
        static IReadOnlyList<ItemRule> Parse(string[]? texts)
        {
            (IReadOnlyList<ItemRule> rules, IReadOnlyList<string> errors) = ItemRuleValidation.Parse(texts);
            Assert.Empty(errors);
            return rules;
        }

        return new ItemRules { Keep = Parse(keep), Block = Parse(block) };
    }

    private static string? Verdict(ItemRules rules, string title, string content = "", string author = "", params string[] categories) =>
        new ItemRuleMatcher(rules).Evaluate(new RuleSubject(title, content, categories, author)).BlockedBy;

    [Fact]
    public void Block_iklan_blocks_advertisements_whatever_their_case_and_punctuation()
    {
        ItemRules rules = Rules(block: ["words:iklan"]);

        Assert.Equal("block 1", Verdict(rules, "IKLAN: Promo Ramadan di Banjarmasin"));
        Assert.Equal("block 1", Verdict(rules, "Promo akhir tahun", "Ini adalah iklan."));
        Assert.Equal("block 1", Verdict(rules, "Belanja hemat", categories: ["Iklan"]));
        Assert.Null(Verdict(rules, "Gubernur Kalsel resmikan jembatan", "Pembangunan jembatan selesai tepat waktu."));
    }

    [Fact]
    public void A_word_matches_only_at_word_boundaries_not_inside_longer_words()
    {
        ItemRules rules = Rules(block: ["words:iklan"]);

        // "periklanan" (advertising) and "iklannya" (its ad) are other words: a rule names whole words.
        Assert.Null(Verdict(rules, "Dinas bahas regulasi periklanan daerah"));
        Assert.Null(Verdict(rules, "Pemasangan iklannya ditunda"));
        Assert.Equal("block 1", Verdict(rules, "Pasang (iklan) di sini"));
    }

    [Fact]
    public void Keep_only_kalsel_items_blocks_everything_else_and_says_so()
    {
        ItemRules rules = Rules(keep: ["words:Kalsel"]);

        Assert.Null(Verdict(rules, "Paman Birin: Kalsel siap jadi gerbang IKN"));
        Assert.Null(Verdict(rules, "Banjir surut", "BANJARMASIN, KALSEL - Warga mulai kembali ke rumah."));
        Assert.Equal(BlockReasons.NoKeepRuleMatched, Verdict(rules, "Kalteng dan Kaltim bahas perbatasan"));
        // "Kalselteng" (Kalsel + Kalteng) is a word of its own.
        Assert.Equal(BlockReasons.NoKeepRuleMatched, Verdict(rules, "Forum Kalselteng digelar di Palangka Raya"));
    }

    [Fact]
    public void A_block_rule_wins_over_a_keep_rule_and_the_first_matching_block_rule_is_named()
    {
        ItemRules rules = Rules(keep: ["words:Kalsel"], block: ["title:words:advertorial", "words:iklan promo"]);

        Assert.Equal("block 2", Verdict(rules, "Promo iklan Kalsel"));
        Assert.Equal("block 1", Verdict(rules, "ADVERTORIAL Kalsel", "iklan"));
        Assert.Null(Verdict(rules, "Kalsel juara", "Tanpa advertorial di isi."));
    }

    [Fact]
    public void Accents_and_case_are_folded_on_both_sides()
    {
        ItemRules rules = Rules(keep: ["phrase:Café Martapura"]);

        Assert.Null(Verdict(rules, "Peresmian CAFE MARTAPURA baru"));
        Assert.Null(Verdict(rules, "Kunjungan ke café martapura"));
        Assert.Equal(BlockReasons.NoKeepRuleMatched, Verdict(rules, "Martapura café dibuka"));
    }

    [Fact]
    public void A_phrase_needs_its_words_together_and_in_order()
    {
        ItemRules rules = Rules(block: ["content:phrase:Kalimantan Selatan"]);

        Assert.Equal("block 1", Verdict(rules, "Berita", "Pemprov Kalimantan-Selatan menggelar rapat."));
        Assert.Null(Verdict(rules, "Berita", "Selatan dari Kalimantan."));
        // The rule looks at the content only, not the title.
        Assert.Null(Verdict(rules, "Kalimantan Selatan hari ini", "Isi berita."));
    }

    [Fact]
    public void Fields_restrict_where_a_rule_looks()
    {
        ItemRules rules = Rules(block: ["author:words:humas", "category:phrase:berita duka"]);

        Assert.Equal("block 1", Verdict(rules, "Rapat", author: "Humas Pemprov"));
        Assert.Null(Verdict(rules, "Humas Pemprov menggelar rapat", author: "Redaksi"));
        Assert.Equal("block 2", Verdict(rules, "Kabar", categories: ["Daerah", "Berita Duka"]));
        // A phrase never spans two categories.
        Assert.Null(Verdict(rules, "Kabar", categories: ["Berita", "Duka"]));
    }

    [Fact]
    public void A_regex_runs_case_insensitively_on_the_plain_text_of_a_field()
    {
        ItemRules rules = Rules(block: [@"title:regex:^\[(adv|iklan)\]"]);

        Assert.Equal("block 1", Verdict(rules, "[ADV] Rumah murah di Banjarbaru"));
        Assert.Equal("block 1", Verdict(rules, "[Iklan] Diskon 50%"));
        Assert.Null(Verdict(rules, "Berita [ADV] di tengah"));
    }

    [Fact]
    public void Rules_apply_to_an_item_as_stored_with_its_html_content_read_as_text()
    {
        var item = new FeedItem
        {
            ItemKey = "k",
            ContentHash = "h",
            Title = "Pengumuman",
            ContentHtml = "<p>Konten <b>sponsor</b>: <a href=\"https://x.example/\">iklan</a></p>",
            PublishedAt = DateTimeOffset.UnixEpoch,
        };

        Assert.Equal("block 1", new ItemRuleMatcher(Rules(block: ["content:phrase:sponsor iklan"])).Evaluate(RuleSubject.From(item)).BlockedBy);
    }

    [Fact]
    public void On_a_real_antara_feed_block_china_and_keep_bursa_saham_pick_the_expected_titles()
    {
        byte[] body = File.ReadAllBytes(CorpusLocator.PathOf("real-id", "site-feeds", "antaranews-terkini-2017-04-17.xml"));
        ParsedFeed feed = new FeedParser().Parse(new FeedDocument(body, "application/rss+xml", new Uri("https://www.antaranews.com/rss/terkini")));
        ItemRuleMatcher blockChina = new(Rules(block: ["title:words:China"]));
        ItemRuleMatcher keepBursa = new(Rules(keep: ["title:phrase:bursa saham"]));

        string[] blocked = feed.Items
            .Where(i => blockChina.Evaluate(new RuleSubject(i.Title!.Trim(), "", [], "")).BlockedBy is not null)
            .Select(i => i.Title!.Trim())
            .ToArray();
        string[] kept = feed.Items
            .Where(i => keepBursa.Evaluate(new RuleSubject(i.Title!.Trim(), "", [], "")).BlockedBy is null)
            .Select(i => i.Title!.Trim())
            .ToArray();

        Assert.Equal(
            ["Bursa saham China melemah pada awal perdagangan", "Perusahaan China batal beli saham Southampton", "China-AS bertukar pandang situasi semenanjung Korea"],
            blocked);
        Assert.Equal(["Bursa saham China melemah pada awal perdagangan", "Bursa saham Tokyo dibuka lebih rendah"], kept);
    }

    [Fact]
    public void No_rules_keep_everything()
    {
        Assert.Null(Verdict(ItemRules.None, "Apa saja"));
    }
}
