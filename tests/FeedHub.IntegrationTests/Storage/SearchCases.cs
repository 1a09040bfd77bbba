namespace FeedHub.IntegrationTests.Storage;

/// <summary>A stored text and a <c>q</c> search: does the search find it? Every storage provider's
/// search test runs this one table, so the engines cannot drift apart.</summary>
public sealed record SearchCase(string Name, string Stored, string Query, bool Finds, SearchField Field = SearchField.Title);

/// <summary>Where the case's text is stored.</summary>
public enum SearchField
{
    Title,
    Summary,
    Content,
}

/// <summary>A tag on a source or a category of an item, and a <c>tag</c> filter: does it select it?</summary>
public sealed record TagCase(string Name, string Stored, string Filter, bool Selects, bool OnSource = false);

/// <summary>The cases: case and accents for all of Unicode, not only ASCII.</summary>
public static class SearchCases
{
    public static readonly IReadOnlyList<SearchCase> Searches =
    [
        new("ascii-case", "Gubernur KALSEL resmikan jembatan", "kalsel", true),
        new("ascii-case-query", "wali kota buka jembatan baru", "JEMBATAN", true),
        new("accent-stored", "Café Banjarmasin buka", "cafe", true),
        new("accent-query", "cafe martapura tutup", "CAFÉ", true),
        new("combining-mark", "Cafe\u0301 Sungai Tabuk", "café", true),
        new("dotted-capital-i", "Festival İstanbul digelar", "istanbul", true),
        new("dotless-i", "Pameran ıstanbul dibuka", "İSTANBUL", true),
        new("turkish-upper", "Kunjungan ke İZMİR", "izmir", true),
        new("sharp-s-stored", "Delegasi dari Straße", "strasse", true),
        new("sharp-s-query", "Kantor di STRASSE", "straße", true),
        new("full-width", "Ｋｏｔａ ＢＡＮＪＡＲＢＡＲＵ ２０２４", "banjarbaru 2024", true),
        new("ligature", "Laporan ﬁnal anggaran", "final", true),
        new("superscript", "Lahan 500 m² disiapkan", "m2", true),
        new("apostrophe", "Jum'at berkah di Masjid Raya", "jumat", true),
        new("typographic-apostrophe", "Jum’at bersih kota", "jum'at", true),
        new("reduplication", "Anak-anak sekolah ikut vaksinasi", "anak-anak", true),
        new("reduplication-part", "Anak-anak bermain di taman", "anak", true),
        new("word-prefix", "Pemkot Banjarmasin gelar rapat", "banjar", true),
        new("not-mid-word", "Warga Banjarmasin antusias", "masin", false),
        new("phrase", "Kasus Covid-19 menurun", "covid-19", true),
        new("phrase-order", "Angka Covid-19 melandai", "19-covid", false),
        new("all-words", "Banjir rendam Martapura", "banjir samarinda", false),
        new("all-words-found", "Amuntai tergenang banjir lagi", "amuntai BANJIR", true),
        new("vietnamese", "Delegasi Đà Nẵng tiba", "da nang", true),
        new("danish-polish", "Wali kota Søren dan Łódź", "soren lodz", true),
        new("greek-final-sigma", "ΟΔΟΣ ΑΘΗΝΑΣ", "οδος", true),
        new("cyrillic", "Делегация МОСКВА прибыла", "москва", true),
        new("javanese-script", "Sugeng rawuh ꦱꦸꦒꦼꦁ", "ꦱꦸꦒꦼꦁ", true),
        new("javanese-vowel-sign", "Papan nama ꦱꦶ", "ꦱꦸ", false),
        new("arabic-harakat", "Peringatan مُحَمَّد", "محمد", true),
        new("cjk-part", "东京都知事 kunjungi Kalsel", "知事", true),
        new("hangul", "Festival 한국 di Banjarmasin", "한국", true),
        new("emoji-between", "Banjir🌊rob di pesisir", "rob", true),
        new("soft-hyphen", "Ban\u00ADjir kiriman", "banjir", true),
        new("percent", "Harga naik 100% di pasar", "100%", true),
        new("underscore", "Kode naik_turun tarif", "naik_turun", true),
        new("underscore-not-wildcard", "Tarif naik-turun lagi", "k_t", false),
        new("percent-not-wildcard", "Jalan tol baru", "j%l", false),
        new("number-dots", "Bantuan Rp 1.500.000 cair", "1.500.000", true),
        new("html-entities", "<p>Banjir&nbsp;<b>rob</b> surut</p>", "rob surut", true, SearchField.Content),
        new("in-summary", "Ringkasan tentang Tanjung Puting", "tanjung", true, SearchField.Summary),
        new("punctuation-only", "Tanda baca saja", "%_-", false),
    ];

    public static readonly IReadOnlyList<TagCase> Tags =
    [
        new("tag-case", "KALSEL", "kalsel", true),
        new("tag-case-filter", "kaltim", "KALTIM", true),
        new("tag-accent", "Café", "cafe", true),
        new("tag-dotted-i", "İstanbul", "istanbul", true),
        new("tag-sharp-s", "Straße", "STRASSE", true),
        new("tag-full-width", "ＫＡＬＴＥＮＧ", "kalteng", true),
        new("tag-punctuation", "Kota-Banjarmasin", "kota banjarmasin", true),
        new("tag-spaces", "Berita   Daerah", "berita daerah", true),
        new("tag-not-prefix", "Kalimantan", "kali", false),
        new("tag-not-word", "Ekonomi Bisnis", "ekonomi", false),
        new("tag-other", "Kalbar", "kaltara", false),
        new("source-tag-case", "Pemerintahan", "PEMERINTAHAN", true, OnSource: true),
        new("source-tag-accent", "Économie", "economie", true, OnSource: true),
        new("source-tag-other", "Olahraga", "olah raga", false, OnSource: true),
    ];
}
