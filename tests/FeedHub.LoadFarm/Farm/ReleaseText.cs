using System.Globalization;

namespace FeedHub.LoadFarm.Farm;

/// <summary>A media center's release: one event (an inauguration, aid handed over, a meeting, a
/// visit, a swearing-in, an agreement) with its own officials, place, figures and quotes, written
/// from templates with many alternatives. Every copy of a release is made from its own seed, so
/// the copies share the text; <see cref="TitleVariant"/> is how a republisher retitles it.</summary>
internal sealed class ReleaseText
{
    private readonly Dictionary<string, string> _facts;
    private readonly Kind _kind;

    private ReleaseText(Kind kind, Dictionary<string, string> facts, string title, string[] sentences)
    {
        _kind = kind;
        _facts = facts;
        Title = title;
        Sentences = sentences;
    }

    public string Title { get; }

    public string[] Sentences { get; }

    public string City => _facts["city"];

    private sealed record Kind(string Name, string[] Titles, string[] Leads, string[] Details);

    public static ReleaseText Compose(Random text, FarmVocabulary.Region about, DateTimeOffset published)
    {
        Kind kind = text.Pick(Kinds);
        var facts = Facts(text, about, published);
        string Slot(string name) => Fill(name, facts, text);
        string title = TextTemplate.Expand(text.Pick(kind.Titles), text, Slot);
        var sentences = new List<string> { TextTemplate.Expand(text.Pick(kind.Leads), text, Slot) };
        string[] details = [.. kind.Details];
        text.Shuffle(details);
        string[] common = [.. Common];
        text.Shuffle(common);
        sentences.AddRange(details.Take(3).Select(d => TextTemplate.Expand(d, text, Slot)));
        sentences.Add(TextTemplate.Expand(text.Pick(Quotes), text, Slot));
        sentences.AddRange(common.Take(2).Select(d => TextTemplate.Expand(d, text, Slot)));
        return new ReleaseText(kind, facts, title, [.. sentences.Select(sentence => Paraphrase.Apply(sentence, text))]);
    }

    /// <summary>Another headline for the same release, as a portal writes its own.</summary>
    public string TitleVariant(Random random)
    {
        string title;
        do
        {
            title = TextTemplate.Expand(random.Pick(_kind.Titles), random, name => Fill(name, _facts, random));
        }
        while (title == Title && _kind.Titles.Length > 1 && random.Next(8) > 0);
        return title;
    }

    private static Dictionary<string, string> Facts(Random text, FarmVocabulary.Region about, DateTimeOffset published)
    {
        var id = CultureInfo.GetCultureInfo("id-ID");
        string leader = FarmNames.Person(text);
        string head = FarmNames.Person(text);
        string role = text.Pick(["Gubernur", "Wakil Gubernur", "Sekretaris Daerah", "Bupati", "Wali Kota", "Wakil Bupati", "Asisten Pemerintahan", "Ketua DPRD"]);
        string city = text.Next(3) == 0 ? about.Cities[text.Next(about.Cities.Length)] : $"{text.Pick(["Kabupaten", "Kota", "Kabupaten"])} {FarmNames.Word(text)}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["province"] = about.Province,
            ["role"] = role,
            ["leader"] = leader,
            ["leaderShort"] = FarmNames.Short(leader),
            ["office"] = text.Pick(FarmVocabulary.Offices),
            ["head"] = head,
            ["headShort"] = FarmNames.Short(head),
            ["object"] = $"{text.Pick(FarmVocabulary.Objects)} {FarmNames.Word(text)}",
            ["aid"] = text.Pick(FarmVocabulary.Aid),
            ["topic"] = text.Pick(FarmVocabulary.Topics),
            ["partner"] = text.Pick(FarmVocabulary.Partners),
            ["village"] = FarmNames.Place(text),
            ["district"] = FarmNames.Place(text),
            ["city"] = city,
            ["day"] = text.Pick(FarmVocabulary.Days),
            ["date"] = published.AddDays(-text.Next(0, 2)).ToString("d MMMM yyyy", id),
            ["when"] = FarmVocabulary.When(text, published.AddDays(-text.Next(0, 2))),
            ["budget"] = FormattableString.Invariant($"{text.Next(1, 98)},{text.Next(1, 99)}"),
            ["people"] = text.Next(150, 60_000).ToString("N0", id),
            ["villages"] = text.Next(2, 40).ToString(CultureInfo.InvariantCulture),
            ["units"] = text.Next(5, 900).ToString(CultureInfo.InvariantCulture),
            ["percent"] = text.Next(12, 99).ToString(CultureInfo.InvariantCulture),
            ["year"] = (published.Year + text.Next(0, 3)).ToString(CultureInfo.InvariantCulture),
            ["months"] = text.Next(2, 11).ToString(CultureInfo.InvariantCulture),
        };
    }

    // A fact, or a fresh draw for the slots that vary within one text.
    private static string Fill(string name, Dictionary<string, string> facts, Random random) => name switch
    {
        "audience" => random.Pick(FarmVocabulary.Audiences),
        "action" => random.Pick(FarmVocabulary.Actions),
        "purpose" => random.Pick(FarmVocabulary.Purposes),
        "said" => random.Pick(FarmVocabulary.Said),
        "guest" => FarmNames.Person(random),
        _ => facts[name],
    };

    private static readonly Kind[] Kinds =
    [
        new("peresmian",
            ["[role] Resmikan [object] di [village]", "[object] di [district] Resmi Beroperasi", "[role] [leaderShort] Resmikan [object], Warga [village] {Bersyukur|Sambut Gembira}", "Rp[budget] Miliar untuk [object] [village]"],
            [
                "[role] [leader] {meresmikan|secara resmi membuka|meresmikan penggunaan|menandai beroperasinya} [object] {di|yang berada di|yang terletak di} Desa [village], Kecamatan [district], [city], [when].",
                "{Setelah dibangun selama [months] bulan,|Usai menunggu [months] bulan,|} [object] di Desa [village] {akhirnya|} {diresmikan|mulai digunakan} [role] [leader] [when].",
            ],
            [
                "{Pembangunan|Pengerjaan} [object] {itu|tersebut} {menelan|menghabiskan|menyerap} anggaran Rp[budget] miliar {dari|yang bersumber dari} {APBD|dana alokasi khusus|APBN} {tahun anggaran|} [year].",
                "Kepala [office] [head] {menjelaskan|mengatakan|menyebut} [object] {mampu|dapat|diharapkan} melayani {sekitar|lebih dari|kurang lebih} [people] {warga|jiwa|penduduk} dari [villages] desa.",
                "{Menurut|Kata} [headShort], {progres|realisasi} {fisik|pekerjaan} {sudah|telah} mencapai [percent] persen {sebelum|saat} {diserahterimakan|diresmikan}.",
                "{Peresmian|Acara} {ditandai dengan|diawali} {pengguntingan pita|penandatanganan prasasti|pemukulan gong} {oleh [role] [leaderShort]|bersama unsur Forkopimda}.",
                "Warga Desa [village] {selama ini|sebelumnya} harus {menempuh|memutar} {jarak|perjalanan} {jauh|berjam-jam} ke {pusat kecamatan|ibu kota kabupaten} [district].",
            ]),
        new("bantuan",
            ["[role] Serahkan [aid] untuk Warga [district]", "[units] Paket [aid] Disalurkan di [village]", "Warga [village] Terima [aid] dari Pemprov [province]"],
            [
                "[role] [leader] {menyerahkan|menyalurkan|membagikan} [units] {paket|unit} [aid] {kepada|untuk|bagi} warga {Desa [village]|Kecamatan [district]}, [city], [when].",
                "{Sebanyak|Total} [units] {paket|unit} [aid] {diserahkan|disalurkan} [role] [leader] {kepada|bagi} {warga|masyarakat|kelompok tani} di Kecamatan [district], [when].",
            ],
            [
                "{Bantuan|Penyaluran} {itu|tersebut} {bersumber dari|dibiayai} {APBD [province]|dana bagi hasil|program [office]} {senilai|sebesar} Rp[budget] miliar.",
                "Kepala [office] [head] {mengatakan|menuturkan} {penerima|sasaran} bantuan {telah|sudah} {diverifikasi|didata} {bersama|oleh} {pemerintah desa|pendamping} {sejak|selama} [months] bulan terakhir.",
                "{Sebanyak|Tercatat} [people] {keluarga|penerima manfaat} di [villages] desa {masuk dalam|tercatat pada} {daftar|data} {penerima|sasaran} tahun [year].",
                "[headShort] {menambahkan|menegaskan} {penyaluran|pembagian} {tahap berikutnya|lanjutan} {dijadwalkan|direncanakan} {dalam [months] bulan|sebelum akhir tahun}.",
            ]),
        new("rapat",
            ["Pemprov [province] Gelar Rakor [topic]", "[role] [leaderShort] Pimpin Rapat [topic]", "Rakor [topic] Digelar di [city]"],
            [
                "[role] [leader] {memimpin|membuka} {rapat koordinasi|rakor|rapat evaluasi} [topic] {di|bertempat di} {Aula|Gedung|Ruang Rapat} [village], [city], [when].",
                "{Rapat koordinasi|Rakor} [topic] {tingkat provinsi|se-[province]} {digelar|dilaksanakan} di [city] [when], {dipimpin|dibuka} [role] [leader].",
            ],
            [
                "{Rapat|Kegiatan} {itu|tersebut} {diikuti|dihadiri} {sekitar|} [units] peserta {dari|perwakilan} [villages] {kabupaten dan kota|instansi}.",
                "Kepala [office] [head] {memaparkan|menyampaikan} {capaian|realisasi} [topic] {yang|} {baru|telah} mencapai [percent] persen {hingga|per} [date].",
                "{Target|Sasaran} {tahun|hingga} [year] {adalah|yakni} {menurunkan|menekan|meningkatkan} {angka|capaian} [topic] {hingga|sampai} [percent] persen.",
                "{Hasil rapat|Rekomendasi} {akan|segera} {dilaporkan|ditindaklanjuti} {dalam|paling lambat} [months] {pekan|bulan} ke depan, {kata|ujar} [headShort].",
            ]),
        new("kunjungan",
            ["[role] Tinjau [object] di [district]", "Kunker ke [village], [role] [leaderShort] {Cek|Pantau} [topic]", "[role] [leaderShort] Sambangi Warga [village]"],
            [
                "[role] [leader] {melakukan kunjungan kerja|meninjau langsung|berkunjung} ke Desa [village], Kecamatan [district], [city], [when].",
                "{Dalam kunjungan kerjanya ke|Saat berkunjung ke} [city], [role] [leader] {meninjau|melihat langsung} [object] di Desa [village], [when].",
            ],
            [
                "{Dalam kunjungan itu|Di lokasi}, [leaderShort] {didampingi|bersama} Kepala [office] [head] {dan|serta} {camat|kepala desa} setempat.",
                "{Warga|Masyarakat} {menyampaikan|mengeluhkan} {persoalan|masalah} [topic] yang {sudah|telah} {berlangsung|dirasakan} {selama|sejak} [months] {bulan|tahun}.",
                "[leaderShort] {meminta|menginstruksikan} [office] {segera|agar} {menindaklanjuti|menganggarkan} {perbaikan|penanganan} {senilai|dengan perkiraan} Rp[budget] miliar.",
                "{Sekitar|Lebih dari} [people] {warga|jiwa} di [villages] desa {sekitar|di kecamatan itu} {bergantung pada|memanfaatkan} [object].",
            ]),
        new("pelantikan",
            ["[role] Lantik [units] Pejabat {Administrator|Pengawas|Fungsional}", "[units] Pejabat Pemprov [province] Dilantik", "Pelantikan Pejabat, [role] [leaderShort] Minta [audience] Bekerja Cepat"],
            [
                "[role] [leader] {melantik|mengambil sumpah} [units] pejabat {administrator|pengawas|fungsional} {di lingkungan|di jajaran} Pemerintah Provinsi [province] di [city], [when].",
                "{Sebanyak|Total} [units] pejabat {dilantik|diambil sumpahnya} [role] [leader] {di|bertempat di} {Aula|Gedung} [village], [city], [when].",
            ],
            [
                "{Salah satu|Di antara} {pejabat yang dilantik|pejabat baru|nama yang dilantik} {adalah|yakni} [head] {sebagai|yang menjabat} Kepala [office].",
                "[leaderShort] {mengingatkan|meminta} {para|seluruh} pejabat {untuk|agar} {segera|langsung} {bekerja|beradaptasi} {dalam|paling lambat} [months] {pekan|bulan} pertama.",
                "{Pelantikan|Rotasi} {itu|ini} {merupakan|adalah} {bagian dari|tindak lanjut} {evaluasi kinerja|penataan organisasi} {tahun|sepanjang} [year].",
            ]),
        new("kerja sama",
            ["Pemprov [province] Teken MoU dengan [partner]", "[role] [leaderShort] dan [partner] Sepakati Kerja Sama [topic]", "Kerja Sama [topic], Pemprov Gandeng [partner]"],
            [
                "Pemerintah Provinsi [province] {menandatangani|meneken} {nota kesepahaman|perjanjian kerja sama} {dengan|bersama} [partner] {tentang|terkait|di bidang} [topic] di [city], [when].",
                "[role] [leader] {dan|bersama} {pimpinan|perwakilan} [partner] {meneken|menandatangani} {kesepakatan|MoU} [topic] {di|bertempat di} [city], [when].",
            ],
            [
                "{Kerja sama|Kesepakatan} {itu|tersebut} {berlaku|berjalan} {selama|untuk} [months] tahun {dengan|dan} {nilai|anggaran} {program|kegiatan} Rp[budget] miliar.",
                "Kepala [office] [head] {menyebut|mengatakan} {sasaran|target} {awal|pertama} {program|kerja sama} {adalah|yaitu} [villages] {desa|kecamatan} di [district].",
                "{Melalui|Dengan} {kerja sama|kesepakatan} {ini|itu}, {sebanyak|sekitar} [people] {warga|pelaku usaha} {ditargetkan|diharapkan} {mendapat|merasakan} {manfaat|dampak} {langsung|nyata}.",
            ]),
    ];

    private static readonly string[] Quotes =
    [
        "\"{Kami|Pemerintah|Kita} {berharap|minta|mengajak} [audience] {untuk|agar|supaya} {ikut|terus|bisa|} [action] [purpose],\" [said] [leaderShort].",
        "\"{Ini|Program ini|Langkah ini|Pembangunan} {bukan hanya|tidak sekadar|bukan cuma} {tugas|urusan} pemerintah, {tetapi|namun} {juga|} [audience] {yang|untuk} [action],\" [said] [role] [leaderShort].",
        "[leaderShort] {berpesan|mengingatkan} [audience] {agar|untuk} [action] [purpose].",
        "\"{Saya|Kami} {minta|harap} [audience] [action], {sehingga|agar} [purpose],\" [said] [headShort].",
    ];

    private static readonly string[] Common =
    [
        "{Turut hadir|Hadir pula|Tampak hadir} {dalam kegiatan itu|pada acara tersebut|di lokasi} [guest] {dan|serta} {unsur Forkopimda|tokoh masyarakat|para camat} [district].",
        "{Selain itu|Di sisi lain|Sementara itu}, [headShort] {mengajak|mendorong|meminta} [audience] {untuk|agar} [action].",
        "{Kegiatan|Program} {serupa|lanjutan} {akan|rencananya} {digelar|dilaksanakan} {di|untuk} [villages] {kecamatan|desa|lokasi} {lain|berikutnya} {pada|hingga} tahun [year].",
        "{Untuk diketahui|Sebagai informasi|Sebelumnya|Tahun ini|Diketahui}, [office] {telah|sudah} {mengalokasikan|menyiapkan} Rp[budget] miliar untuk [topic] {tahun|pada tahun} [year].",
    ];
}
