namespace FeedHub.LoadFarm.Farm;

/// <summary>Words of Indonesian regional government news: the media centers whose releases the
/// portals republish, and the frames their sentences are built from.</summary>
internal static class FarmVocabulary
{
    public sealed record Region(string Province, string Credit, string Domain, string[] Cities);

    public static readonly Region[] Regions =
    [
        new("Kalimantan Selatan", "MC Kalsel", "diskominfomc.kalselprov.go.id", ["Banjarmasin", "Banjarbaru", "Martapura", "Kandangan", "Barabai", "Amuntai", "Kotabaru", "Pelaihari"]),
        new("Kalimantan Timur", "MC Kaltim", "diskominfo.kaltimprov.go.id", ["Samarinda", "Balikpapan", "Bontang", "Tenggarong", "Sangatta"]),
        new("Kalimantan Tengah", "MC Kalteng", "mmc.kalteng.go.id", ["Palangka Raya", "Sampit", "Pangkalan Bun", "Kuala Kapuas"]),
        new("Jawa Timur", "Kominfo Jatim", "kominfo.jatimprov.go.id", ["Surabaya", "Malang", "Kediri", "Madiun", "Jember", "Banyuwangi"]),
        new("Sulawesi Selatan", "Humas Pemprov Sulsel", "sulselprov.go.id", ["Makassar", "Parepare", "Palopo", "Maros", "Gowa"]),
    ];

    public static readonly string[] PortalNames = ["Banua", "Borneo", "Kabar", "Warta", "Suara", "Radar", "Info", "Lintas", "Jurnal", "Sorot"];
    public static readonly string[] Authors = ["Humas Kalsel", "Ahmad Rahman", "Siti Lestari", "Rahmat Hidayat", "Nurul Fadillah", "Redaksi", "Bambang Santoso", "Fitriani Noor"];
    public static readonly string[] Categories = ["Pemerintahan", "Daerah", "Ekonomi", "Kesehatan", "Pendidikan", "Olahraga", "Hukum", "Sosial", "Pertanian", "Infrastruktur"];
    public static readonly string[] Offices = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Dinas PUPR", "Dinas Sosial", "Dinas Pertanian", "BPBD", "Dinas Perhubungan", "Bappeda"];
    public static readonly string[] Objects = ["jembatan", "puskesmas", "gedung sekolah", "pasar rakyat", "jalan desa", "embung", "balai latihan kerja", "paket sembako", "bibit padi unggul", "alat mesin pertanian"];
    public static readonly string[] Villages = ["Sungai Bakung", "Lok Baintan", "Tambak Sirang", "Pematang Panjang", "Sungai Rangas", "Teluk Selong", "Kuin Utara", "Sei Tabuk", "Karang Intan"];
    public static readonly string[] Days = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];

    public static readonly string[] ReleaseFrames =
    [
        "Gubernur {province} meresmikan {object} di {village}, {city}, {day} ({date}).",
        "Pembangunan {object} itu menelan anggaran Rp{n} miliar dari APBD Provinsi {province}.",
        "Kepala {office} {province} menjelaskan {object} tersebut mampu melayani sekitar {people} warga dari {m} desa.",
        "\"Kami berharap {object} ini benar-benar dimanfaatkan oleh masyarakat dan dijaga bersama,\" ujar Gubernur dalam sambutannya.",
        "Peresmian ditandai dengan pengguntingan pita yang disaksikan unsur Forkopimda dan tokoh masyarakat.",
        "Warga yang hadir berharap perekonomian {city} tumbuh lebih cepat setelah {object} beroperasi.",
    ];

    public static readonly string[] OwnFrames =
    [
        "Harga cabai rawit di pasar {city} naik menjadi Rp{n}.000 per kilogram sejak awal pekan.",
        "Pedagang mengatakan pasokan dari daerah penghasil berkurang akibat cuaca buruk di {village}.",
        "Sebuah rumah di {village}, {city}, terbakar pada {day} dini hari dan kerugian ditaksir Rp{n} juta.",
        "Ratusan warga memadati alun-alun {city} untuk menyaksikan festival budaya yang digelar hingga malam.",
        "Jalan penghubung {village} dan kecamatan tetangga rusak parah sehingga warga memutar sejauh {m} kilometer.",
        "Polisi mengamankan {m} orang yang diduga terlibat kasus pencurian sepeda motor di wilayah {city}.",
        "Sekolah di {village} kekurangan {m} guru sehingga satu guru mengajar dua kelas sekaligus.",
    ];
}
