namespace FeedHub.Tests.Stories.Syndication;

/// <summary>The words the simulated regions write with: places, officials' names, offices and
/// the sentence frames of government releases and of portals' own reporting. Frames are shared
/// by every release of a kind, as real templates are; only the slots ({place}, {n}, {amount}…)
/// tell two releases apart.</summary>
internal static class SyndicationVocabulary
{
    public sealed record Region(string Code, string Province, string[] Aliases, string Domain, string[] Cities);

    public static readonly Region[] Regions =
    [
        new("KALSEL", "Kalimantan Selatan", ["MC Kalsel", "Diskominfo MC Kalsel"], "diskominfomc.kalselprov.go.id", ["Banjarmasin", "Banjarbaru", "Martapura", "Kandangan", "Barabai", "Amuntai", "Tanjung", "Kotabaru", "Pelaihari", "Rantau", "Marabahan", "Paringin"]),
        new("KALTIM", "Kalimantan Timur", ["MC Kaltim", "Diskominfo Kaltim"], "diskominfo.kaltimprov.go.id", ["Samarinda", "Balikpapan", "Bontang", "Tenggarong", "Sangatta", "Penajam", "Tanjung Redeb", "Sendawar", "Tana Paser"]),
        new("KALTENG", "Kalimantan Tengah", ["MC Kalteng"], "mmc.kalteng.go.id", ["Palangka Raya", "Sampit", "Pangkalan Bun", "Kuala Kapuas", "Muara Teweh", "Buntok", "Kasongan", "Pulang Pisau"]),
        new("JATIM", "Jawa Timur", ["Kominfo Jatim", "Diskominfo Jatim"], "kominfo.jatimprov.go.id", ["Surabaya", "Malang", "Kediri", "Madiun", "Jember", "Banyuwangi", "Probolinggo", "Tulungagung", "Bojonegoro"]),
        new("SULSEL", "Sulawesi Selatan", ["Humas Pemprov Sulsel"], "sulselprov.go.id", ["Makassar", "Parepare", "Palopo", "Maros", "Gowa", "Bone", "Bulukumba", "Sinjai", "Takalar"]),
        new("NTB", "Nusa Tenggara Barat", ["Diskominfotik NTB"], "diskominfotik.ntbprov.go.id", ["Mataram", "Bima", "Sumbawa Besar", "Praya", "Selong", "Dompu", "Tanjung Lombok"]),
    ];

    public static readonly string[] FirstNames = ["Ahmad", "Muhammad", "Siti", "Rahmat", "Hasanuddin", "Nurul", "Fitriani", "Bambang", "Sri", "Agus", "Yusuf", "Rina", "Dedi", "Hendra", "Syarifah", "Abdul", "Zainal", "Fauzan", "Ratna", "Heri", "Irwan", "Wahyuni", "Lukman", "Taufik"];
    public static readonly string[] LastNames = ["Rahman", "Hidayat", "Saputra", "Wahyudi", "Noor", "Fadillah", "Santoso", "Lestari", "Kurniawan", "Ansyari", "Aziz", "Hakim", "Syahrani", "Maulana", "Ramadhani", "Effendi", "Pratama", "Halim"];
    public static readonly string[] Villages = ["Sungai Bakung", "Lok Baintan", "Tambak Sirang", "Pematang Panjang", "Sungai Rangas", "Teluk Selong", "Pasar Lama", "Kuin Utara", "Tanjung Rema", "Sei Tabuk", "Karang Intan", "Mandiangin", "Sungai Alang", "Padang Luas", "Rantau Bujur", "Banua Anyar", "Sungai Lulut", "Awang Bangkal"];
    public static readonly string[] Offices = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Dinas PUPR", "Dinas Sosial", "Dinas Pertanian", "BPBD", "Dinas Perhubungan", "Dinas Koperasi dan UMKM", "Dinas Lingkungan Hidup", "Dinas Pariwisata", "Dinas Ketahanan Pangan", "Bappeda"];
    public static readonly string[] Days = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];

    /// <summary>Kinds of release and their frames. The first frame is the lead.</summary>
    public static readonly (string Kind, string[] Objects, string[] Frames)[] ReleaseKinds =
    [
        ("peresmian", ["jembatan", "puskesmas", "gedung sekolah", "pasar rakyat", "jalan desa", "embung", "balai latihan kerja", "rumah sakit pratama"],
        [
            "{leader} meresmikan {object} di {village}, {city}, {day} ({date}).",
            "{Object} itu dibangun dengan anggaran {amount} dari APBD Provinsi {province} tahun {year}.",
            "Pembangunan {object} memakan waktu {months} bulan dan melibatkan {n} tenaga kerja lokal.",
            "Menurut {leaderShort}, selama ini warga {village} harus menempuh perjalanan hingga {minutes} menit untuk mendapatkan layanan serupa.",
            "\"Kami berharap {object} ini benar-benar dimanfaatkan oleh masyarakat dan dijaga bersama,\" ujar {leaderShort} dalam sambutannya.",
            "Kepala {office} {province}, {official}, menjelaskan {object} tersebut mampu melayani sekitar {people} warga dari {villages} desa.",
            "Peresmian ditandai dengan pengguntingan pita dan penandatanganan prasasti yang disaksikan unsur Forkopimda.",
            "Warga yang hadir menyambut peresmian dengan gembira dan berharap perekonomian {city} tumbuh lebih cepat.",
            "{official} menambahkan, pemeliharaan {object} akan dianggarkan setiap tahun agar kondisinya tetap baik.",
        ]),
        ("bantuan", ["paket sembako", "bibit padi unggul", "alat mesin pertanian", "beasiswa pendidikan", "bantuan rumah layak huni", "perahu motor nelayan"],
        [
            "Pemerintah Provinsi {province} menyalurkan {n} {object} kepada warga {village}, {city}, {day} ({date}).",
            "Bantuan senilai {amount} itu diserahkan langsung oleh {leader} didampingi Kepala {office}, {official}.",
            "{official} mengatakan penerima bantuan telah diverifikasi berdasarkan data terpadu kesejahteraan sosial tahun {year}.",
            "Sebanyak {people} kepala keluarga di {villages} desa tercatat sebagai penerima tahap pertama.",
            "\"Bantuan ini jangan dijual, manfaatkan untuk kebutuhan keluarga dan usaha,\" pesan {leaderShort}.",
            "Penyaluran tahap berikutnya dijadwalkan pada bulan {month} dengan sasaran {n2} penerima.",
            "Salah seorang penerima, {citizen}, mengaku terbantu karena penghasilannya menurun sejak musim hujan.",
            "Pemerintah provinsi juga membuka layanan pengaduan bagi warga yang belum terdata.",
        ]),
        ("rakor", ["penanganan stunting", "pengendalian inflasi daerah", "kesiapsiagaan bencana banjir", "penurunan kemiskinan ekstrem", "persiapan musim tanam", "pengendalian karhutla"],
        [
            "Pemerintah Provinsi {province} menggelar rapat koordinasi {object} di {city}, {day} ({date}).",
            "Rapat dipimpin {leader} dan diikuti perwakilan {n} kabupaten dan kota serta instansi vertikal.",
            "{official} selaku Kepala {office} memaparkan capaian {object} hingga triwulan {quarter} tahun {year} mencapai {percent} persen.",
            "Menurutnya, masih terdapat {villages} desa yang memerlukan perhatian khusus, terutama di wilayah {village}.",
            "\"Semua perangkat daerah harus bergerak bersama, tidak boleh ada ego sektoral,\" tegas {leaderShort}.",
            "Pemerintah provinsi menyiapkan anggaran {amount} untuk mendukung program tersebut.",
            "Rapat juga menyepakati pembentukan tim terpadu yang akan melaporkan perkembangan setiap {weeks} pekan.",
            "Hasil rapat akan ditindaklanjuti dengan kunjungan lapangan ke {city} pada pekan depan.",
        ]),
        ("pelatihan", ["pelatihan pemasaran digital bagi pelaku UMKM", "pelatihan kader posyandu", "pelatihan tanggap darurat bencana", "pelatihan budi daya ikan air tawar", "pelatihan kewirausahaan pemuda"],
        [
            "{office} {province} menggelar {object} di {city}, {day} ({date}).",
            "Kegiatan yang berlangsung selama {days} hari itu diikuti {n} peserta dari berbagai kecamatan.",
            "Kepala {office}, {official}, mengatakan pelatihan bertujuan meningkatkan keterampilan dan daya saing peserta.",
            "Peserta mendapatkan materi dari {trainers} narasumber, mulai dari praktisi hingga akademisi.",
            "\"Setelah pelatihan ini kami harap peserta langsung mempraktikkan ilmunya,\" kata {official}.",
            "Seluruh biaya pelatihan sebesar {amount} ditanggung APBD Provinsi {province} tahun {year}.",
            "Salah satu peserta asal {village}, {citizen}, mengaku mendapat banyak pengetahuan baru.",
            "Pelatihan serupa direncanakan kembali digelar pada bulan {month} di {city2}.",
        ]),
    ];

    /// <summary>Portals' own reporting: not releases, no template shared with the offices.</summary>
    public static readonly string[] OwnFrames =
    [
        "Harga {commodity} di {market} {city} naik menjadi Rp{price} per kilogram sejak awal pekan.",
        "Pedagang bernama {citizen} mengatakan pasokan dari daerah penghasil berkurang akibat cuaca.",
        "Sebuah rumah di {village}, {city}, terbakar pada {day} dini hari dan kerugian ditaksir mencapai Rp{price} juta.",
        "Tim {club} berhasil menang {score1}-{score2} atas tamu mereka di Stadion {stadium} dalam lanjutan liga.",
        "Ratusan warga memadati {market} untuk menyaksikan festival {festival} yang digelar hingga malam.",
        "Polisi mengamankan {n} orang yang diduga terlibat kasus {crime} di wilayah {village}.",
        "Jalan penghubung {village} dan {village2} rusak parah sehingga warga harus memutar sejauh {n} kilometer.",
        "Menurut warga setempat, {citizen}, kondisi itu sudah berlangsung sejak {months} bulan terakhir.",
        "Antrean kendaraan di SPBU {city} mengular hingga {n} meter akibat keterlambatan pasokan.",
        "Sekolah di {village} kekurangan {n} guru sehingga satu guru mengajar dua kelas sekaligus.",
    ];

    public static readonly string[] Commodities = ["cabai rawit", "bawang merah", "beras", "telur ayam", "ikan patin", "gula pasir", "minyak goreng"];
    public static readonly string[] Markets = ["Pasar Sentra Antasari", "Pasar Lama", "Pasar Martapura", "Pasar Kalindo", "Pasar Terapung", "Pasar Segiri"];
    public static readonly string[] Clubs = ["Barito Putera", "Borneo FC", "Persebaya", "PSM Makassar", "Kalteng Putra"];
    public static readonly string[] Festivals = ["budaya Banjar", "perahu hias", "kuliner nusantara", "lampion", "seni tradisi"];
    public static readonly string[] Crimes = ["pencurian sepeda motor", "penyalahgunaan narkoba", "penipuan daring", "pembalakan liar"];

    /// <summary>Words a rewriting editor swaps (both directions).</summary>
    public static readonly (string From, string To)[] Synonyms =
    [
        ("mengatakan", "menyampaikan"), ("menjelaskan", "menerangkan"), ("warga", "masyarakat"), ("menggelar", "menyelenggarakan"),
        ("meresmikan", "meresmikan secara resmi"), ("berharap", "menginginkan"), ("sekitar", "kurang lebih"), ("tersebut", "itu"),
        ("Pemerintah Provinsi", "Pemprov"), ("menambahkan", "menuturkan"), ("pekan depan", "minggu depan"), ("bantuan", "bansos"),
        ("kegiatan", "acara"), ("mengaku", "menuturkan"), ("direncanakan", "rencananya akan"), ("tegas", "ujar"),
    ];

    public static readonly string[] Leads =
    [
        "Kabar baik datang bagi masyarakat {city} pekan ini.",
        "Upaya pemerintah daerah memperbaiki layanan publik terus berlanjut.",
        "Pemerintah daerah kembali menunjukkan perhatian kepada warga di pelosok.",
        "Masyarakat {city} menyambut langkah pemerintah provinsi dengan antusias.",
    ];
}
