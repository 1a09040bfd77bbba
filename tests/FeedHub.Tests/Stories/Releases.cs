namespace FeedHub.Tests.Stories;

/// <summary>Indonesian releases written the way MC Kalsel writes them, for the story tests.</summary>
internal static class Releases
{
    public const string BridgeTitle = "Gubernur Resmikan Jembatan Sungai Tabuk Senilai Rp12,5 Miliar";

    public static readonly string[] Bridge =
    [
        "BANJARMASIN, (MC Kalsel) – Gubernur Kalimantan Selatan H Muhidin meresmikan Jembatan Sungai Tabuk di Kabupaten Banjar, Senin (7/5/2025).",
        "Jembatan sepanjang 120 meter itu dibangun dengan anggaran Rp12,5 miliar dari APBD Provinsi Kalsel tahun 2024 dan menghubungkan Desa Lok Baintan dengan Desa Sungai Bakung.",
        "Menurut Gubernur, selama ini warga dua desa tersebut harus menyeberang dengan perahu kelotok yang memakan waktu hingga 40 menit setiap hari.",
        "\"Dengan jembatan ini anak-anak bisa ke sekolah lebih cepat dan hasil kebun warga lebih mudah dibawa ke pasar terapung,\" ujar Gubernur dalam sambutannya.",
        "Kepala Dinas PUPR Kalsel, Ahmad Solhan, menjelaskan pekerjaan fisik jembatan dimulai pada Juni 2024 dan rampung dalam 10 bulan dengan melibatkan 85 tenaga kerja lokal.",
        "Ia menambahkan, jembatan dirancang mampu menahan beban kendaraan hingga 8 ton sehingga truk pengangkut hasil pertanian dapat melintas.",
        "Peresmian ditandai dengan pengguntingan pita dan penandatanganan prasasti, disaksikan Bupati Banjar Saidi Mansyur serta unsur Forkopimda.",
        "Warga yang hadir menyambut peresmian dengan gembira dan berharap perekonomian desa tumbuh lebih cepat setelah akses jalan terbuka sepanjang tahun.",
        "MC Kalsel/ARH",
    ];

    public const string ClinicTitle = "Gubernur Resmikan Puskesmas Rawat Inap Aluh-Aluh";

    // Another release of the same office on the same day, from the same template and officials.
    public static readonly string[] Clinic =
    [
        "BANJARMASIN, (MC Kalsel) – Gubernur Kalimantan Selatan H Muhidin meresmikan Puskesmas Rawat Inap Aluh-Aluh di Kabupaten Banjar, Senin (7/5/2025).",
        "Puskesmas dengan 24 tempat tidur itu dibangun dengan anggaran Rp8,3 miliar dari APBD Provinsi Kalsel tahun 2024 dan melayani 31 ribu warga di 19 desa.",
        "Menurut Gubernur, selama ini warga Aluh-Aluh harus menempuh perjalanan hingga dua jam ke rumah sakit di Banjarmasin untuk rawat inap.",
        "\"Dengan puskesmas ini ibu hamil dan anak-anak bisa dilayani lebih dekat dan lebih cepat,\" ujar Gubernur dalam sambutannya.",
        "Kepala Dinas Kesehatan Kalsel, Diauddin, menjelaskan puskesmas dilengkapi ruang bersalin, laboratorium dan 3 unit ambulans serta didukung 42 tenaga kesehatan.",
        "Peresmian ditandai dengan pengguntingan pita dan penandatanganan prasasti, disaksikan Bupati Banjar Saidi Mansyur serta unsur Forkopimda.",
        "Warga yang hadir menyambut peresmian dengan gembira dan berharap pelayanan kesehatan di wilayah pesisir semakin baik.",
        "MC Kalsel/ARH",
    ];

    public static string Html(IEnumerable<string> paragraphs) => string.Concat(paragraphs.Select(p => $"<p>{p}</p>"));
}
