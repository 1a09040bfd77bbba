namespace FeedHub.LoadFarm.Farm;

/// <summary>Words of Indonesian regional government news: the media centers whose releases the
/// portals republish, and the words their templates (ReleaseText, OwnStoryText) draw from.</summary>
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
    public static readonly string[] Offices =
    [
        "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Dinas PUPR", "Dinas Sosial", "Dinas Pertanian", "BPBD", "Dinas Perhubungan", "Bappeda",
        "Dinas Perumahan dan Permukiman", "Dinas Ketahanan Pangan", "Dinas Kelautan dan Perikanan", "Dinas Perindustrian dan Perdagangan", "Dinas Koperasi dan UKM",
        "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas Pariwisata", "Dinas Pemuda dan Olahraga",
        "Dinas Tenaga Kerja dan Transmigrasi", "Dinas Kominfo", "Badan Kepegawaian Daerah", "Badan Pendapatan Daerah", "Dinas Kehutanan", "Dinas Perpustakaan dan Kearsipan",
        "Dinas Energi dan Sumber Daya Mineral", "Satpol PP", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "Biro Kesejahteraan Rakyat",
    ];

    public static readonly string[] Objects =
    [
        "jembatan gantung", "puskesmas pembantu", "gedung sekolah", "pasar rakyat", "jalan usaha tani", "embung", "balai latihan kerja", "rumah sakit rujukan",
        "ruang kelas baru", "instalasi air bersih", "jaringan irigasi", "dermaga rakyat", "taman kota", "gedung serbaguna", "kantor kecamatan", "posyandu",
        "sumur bor", "penerangan jalan umum", "rumah singgah", "gelanggang olahraga", "perpustakaan desa", "menara pandang", "siring sungai", "terminal tipe C",
        "pelabuhan perikanan", "rumah potong hewan", "laboratorium kesehatan", "gedung UMKM", "jalan lingkar", "bendungan kecil", "pos pemadam kebakaran",
        "pusat layanan terpadu", "balai benih ikan", "tempat pengolahan sampah", "asrama mahasiswa", "jembatan beton", "masjid agung", "rumah pompa",
    ];

    public static readonly string[] Aid =
    [
        "sembako", "bibit padi unggul", "alat mesin pertanian", "perahu ketinting", "kursi roda", "beasiswa pendidikan", "bedah rumah", "bibit ikan nila",
        "pupuk bersubsidi", "mesin jahit", "tandon air", "paket gizi balita", "sapi bali", "bibit karet", "alat tangkap ikan", "modal usaha mikro",
        "seragam sekolah", "tabung gas", "hand traktor", "bantuan langsung tunai",
    ];

    public static readonly string[] Topics =
    [
        "penurunan stunting", "pengendalian inflasi", "penanganan banjir", "percepatan vaksinasi", "penghapusan kemiskinan ekstrem", "ketahanan pangan",
        "pencegahan karhutla", "pengelolaan sampah", "pelayanan publik", "reformasi birokrasi", "pemberantasan narkoba", "penerimaan pajak daerah",
        "pengembangan UMKM", "infrastruktur jalan", "air bersih", "sanitasi", "pariwisata daerah", "penanganan anak tidak sekolah", "perlindungan sosial",
        "perhutanan sosial", "rehabilitasi mangrove", "transportasi sungai", "pemilu damai", "keselamatan kerja",
    ];

    public static readonly string[] Partners =
    [
        "Universitas Lambung Mangkurat", "Bank Indonesia", "BPJS Kesehatan", "Bank Kalsel", "PLN", "Kejaksaan Tinggi", "Pertamina", "BPS", "Telkom",
        "Politeknik Negeri", "Kantor Pertanahan", "BMKG", "Balai Wilayah Sungai", "Kodam", "Polda", "Pelindo", "Universitas Mulawarman", "Baznas",
    ];

    public static readonly string[] Audiences =
    [
        "masyarakat", "warga sekitar", "kepala desa", "seluruh ASN", "generasi muda", "para pelaku usaha", "orang tua", "kelompok tani",
        "tokoh agama", "para camat", "pengelola", "ibu-ibu PKK", "para nelayan", "pelajar", "perangkat daerah", "relawan",
    ];

    public static readonly string[] Actions =
    [
        "menjaga fasilitas ini", "memanfaatkan bantuan dengan baik", "merawatnya bersama", "mendukung program pemerintah", "melaporkan setiap kendala",
        "bergotong royong", "menjaga kebersihan lingkungan", "mengawasi pelaksanaannya", "meningkatkan pelayanan", "bekerja lebih cepat",
        "rutin ke posyandu", "menanam kembali lahan kosong", "mengikuti jadwal yang ditetapkan", "tidak membakar lahan", "menggunakan anggaran secara transparan",
        "memperbanyak produk lokal", "melibatkan pemuda desa", "mematuhi aturan", "menjaga kerukunan", "memperkuat koordinasi",
    ];

    public static readonly string[] Purposes =
    [
        "demi kesejahteraan bersama", "agar manfaatnya dirasakan lama", "untuk generasi mendatang", "supaya ekonomi desa bergerak", "sehingga target tercapai",
        "agar tidak terulang", "demi pelayanan yang lebih baik", "untuk menekan angka kemiskinan", "supaya anak-anak tumbuh sehat", "agar hasil panen meningkat",
        "demi kemajuan daerah", "untuk menjaga kepercayaan publik", "agar bencana bisa dicegah", "sehingga warga tidak perlu jauh-jauh", "", "",
    ];

    public static readonly string[] Said = ["ujarnya", "katanya", "tuturnya", "ungkapnya", "jelasnya", "tegasnya", "ujar", "kata", "tutur", "ungkap", "jelas", "tegas"];

    public static readonly string[] Commodities =
    [
        "cabai rawit", "bawang merah", "bawang putih", "beras", "telur ayam", "daging ayam", "minyak goreng", "gula pasir", "ikan patin", "tomat",
        "daging sapi", "ikan haruan", "jeruk", "kacang tanah", "jagung", "kol", "udang galah", "ikan bandeng",
    ];

    public static readonly string[] Days = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];

    /// <summary>When an event happened, written as regional news writes it: with the weekday and
    /// a date in one of several forms, or the weekday alone (a date in every lead, in one form,
    /// made it a shingle of every item of the day).</summary>
    public static string When(System.Random random, DateTimeOffset date)
    {
        var id = System.Globalization.CultureInfo.GetCultureInfo("id-ID");
        string day = Days[(int)date.DayOfWeek == 0 ? 6 : (int)date.DayOfWeek - 1];
        return random.Next(10) switch
        {
            0 => $"{day} ({date.ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture)})",
            1 => $"pada {day} ({date.ToString("d/M", System.Globalization.CultureInfo.InvariantCulture)})",
            2 => $"{day} ({date.ToString("d MMMM yyyy", id)})",
            3 => $"pada {day}, {date.ToString("d MMMM", id)}",
            4 => $"{day} {random.Pick(["pagi", "siang", "sore", "malam"])}",
            5 => $"pada {day} {random.Pick(["pekan ini", "lalu", "kemarin"])}",
            6 or 8 => $"{random.Pick(["kemarin", "hari ini", "beberapa waktu lalu", "baru-baru ini", "akhir pekan lalu", "awal pekan ini"])}",
            _ => $"{day} lalu",
        };
    }
}
