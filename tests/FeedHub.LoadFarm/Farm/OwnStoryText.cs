using System.Globalization;

namespace FeedHub.LoadFarm.Farm;

/// <summary>A portal's own story (prices, a fire, a festival, a road, a theft, a school, a flood,
/// a match, a harvest): its own people, places and figures, a lead and then sentences of its
/// topic in an order of their own.</summary>
internal static class OwnStoryText
{
    private sealed record Topic(string[] Titles, string[] Leads, string[] Body);

    public static (string Title, string[] Sentences, string City) Compose(Random text, FarmVocabulary.Region region, DateTimeOffset published)
    {
        var id = CultureInfo.GetCultureInfo("id-ID");
        string person = FarmNames.Person(text);
        string official = FarmNames.Person(text);
        string city = text.Next(2) == 0 ? region.Cities[text.Next(region.Cities.Length)] : FarmNames.Word(text);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["city"] = city,
            ["village"] = FarmNames.Place(text),
            ["district"] = FarmNames.Place(text),
            ["street"] = $"Jalan {FarmNames.Word(text)} {FarmNames.Word(text)}",
            ["person"] = person,
            ["personShort"] = FarmNames.Short(person),
            ["official"] = official,
            ["officialShort"] = FarmNames.Short(official),
            ["post"] = text.Pick(["Kapolsek", "Camat", "Lurah", "Kepala Desa", "Kepala Sekolah", "Kepala Puskesmas", "Kapolres", "Kasatpol PP", "Ketua RT", "Kepala Pasar", "Kepala BPBD", "Ketua KONI"]),
            ["day"] = text.Pick(FarmVocabulary.Days),
            ["date"] = published.ToString("d/M/yyyy", CultureInfo.InvariantCulture),
            ["when"] = FarmVocabulary.When(text, published.AddDays(-text.Next(0, 3))),
            ["n"] = text.Next(2, 95).ToString(CultureInfo.InvariantCulture),
            ["m"] = text.Next(2, 40).ToString(CultureInfo.InvariantCulture),
            ["k"] = text.Next(2, 12).ToString(CultureInfo.InvariantCulture),
            ["price"] = (text.Next(8, 160) * 1000).ToString("N0", id),
            ["people"] = text.Next(40, 9000).ToString("N0", id),
            ["hour"] = FormattableString.Invariant($"{text.Next(0, 24):00}.{text.Next(0, 60):00}"),
            ["age"] = text.Next(17, 71).ToString(CultureInfo.InvariantCulture),
            ["commodity"] = text.Pick(FarmVocabulary.Commodities),
            ["team"] = $"{text.Pick(["Persatuan Sepak Bola", "PS", "Persib", "Barito", "Putra", "Garuda", "Bintang"])} {FarmNames.Word(text)}",
            ["rival"] = $"{text.Pick(["PS", "Putra", "Persekab", "Laskar", "Elang"])} {FarmNames.Word(text)}",
        };
        string Slot(string name) => name switch
        {
            "said" => text.Pick(FarmVocabulary.Said),
            _ => facts[name],
        };

        Topic topic = text.Pick(Topics);
        string title = TextTemplate.Expand(text.Pick(topic.Titles), text, Slot);
        string[] body = [.. topic.Body];
        text.Shuffle(body);
        int count = text.Next(5, Math.Min(7, body.Length) + 1);
        string[] sentences = [TextTemplate.Expand(text.Pick(topic.Leads), text, Slot), .. body.Take(count).Select(s => TextTemplate.Expand(s, text, Slot))];
        return (title, [.. sentences.Select(sentence => Paraphrase.Apply(sentence, text))], city);
    }

    private static readonly Topic[] Topics =
    [
        new(
            ["Harga [commodity] di [city] Naik Jadi Rp[price]", "[commodity] Makin Mahal, Pedagang Pasar [village] Mengeluh", "Harga [commodity] Melonjak, Warga [city] {Kurangi Belanja|Menjerit}"],
            ["Harga [commodity] di {Pasar|pasar tradisional} [village], [city], {naik|melonjak|terus merangkak} {menjadi|hingga} Rp[price] per kilogram {sejak|dalam} [k] hari terakhir.",
             "{Pedagang|Para pedagang} [commodity] di [city] {mengeluhkan|mencatat} {kenaikan|lonjakan} harga {hingga|menjadi} Rp[price] per kilogram, [when]."],
            ["[person], {pedagang|penjual} [commodity] {di pasar itu|di los [m]}, {mengatakan|menyebut} pasokan dari [district] {berkurang|menurun} {akibat|karena} {cuaca buruk|hujan deras|banjir}.",
             "\"{Biasanya|Minggu lalu} {saya|kami} {bisa menjual|menjual} [m] kilogram {sehari|per hari}, {sekarang|kini} {hanya|paling} [k] kilogram,\" [said] [personShort].",
             "{Pembeli|Warga} {seperti|bernama} [official] {mengaku|memilih} {mengurangi|membatasi} {belanja|pembelian} [commodity] {untuk|bagi} {keluarganya|warung makannya}.",
             "[post] [officialShort] {memastikan|menyatakan} {stok|persediaan} {masih|tetap} {aman|cukup} {hingga|untuk} [k] {pekan|minggu} ke depan.",
             "{Dinas Perdagangan|Pemerintah kota} {berencana|akan} {menggelar|mengadakan} {operasi pasar|pasar murah|gerakan pangan murah} {di|pada} [m] {titik|lokasi} {mulai|pada} pekan depan.",
             "{Pada|Di} {awal bulan|pekan lalu}, harga [commodity] {masih|baru} {sekitar|di kisaran} Rp[n].000 per kilogram.",
             "{Kenaikan|Lonjakan} {juga|serupa} {terjadi|terlihat} di pasar [district] {dan|serta} [village]."]),
        new(
            ["Rumah di [village] Terbakar, Kerugian Rp[n] Juta", "Kebakaran di [street], [m] Rumah Hangus", "Api Hanguskan Rumah Warga [city] {Dini Hari|Malam Tadi}"],
            ["{Sebuah|Satu unit} rumah {milik|yang dihuni} [person] ([age]) di [street], [village], [city], {terbakar|hangus terbakar|dilalap api} {pada|} [day] {dini hari|malam|sore} sekitar pukul [hour] {WITA|WIB|}.",
             "{Kebakaran|Si jago merah} {menghanguskan|melalap} [m] rumah {warga|petak} di [village], Kecamatan [district], [city], [when] {sekitar|kurang lebih} pukul [hour]."],
            ["{Api|Kobaran api} {diduga|disebut} berasal dari {korsleting listrik|kompor gas|obat nyamuk} di {dapur|ruang tengah|kamar belakang}.",
             "{Sebanyak|Total} [k] unit mobil pemadam {dikerahkan|diterjunkan} {dan api padam|hingga api dapat dijinakkan} {setelah|sekitar} [m] menit.",
             "[post] [officialShort] {mengatakan|menyebut} kerugian {ditaksir|diperkirakan} {mencapai|sekitar} Rp[n] juta.",
             "\"{Kami|Saya} {hanya|cuma} {sempat|bisa} {menyelamatkan|membawa} {surat-surat|anak-anak|pakaian di badan},\" [said] [personShort].",
             "{Tidak ada|Tak ada} korban jiwa {dalam peristiwa itu|dalam kejadian tersebut}, {namun|tetapi} [k] {keluarga|jiwa} {kehilangan tempat tinggal|harus mengungsi}.",
             "{Warga sekitar|Tetangga} {sempat|ikut} {membantu|berusaha} memadamkan api {dengan|menggunakan} {ember|air sumur|selang seadanya}.",
             "{Polisi|Petugas} {masih|tengah} {menyelidiki|mendalami} penyebab {pasti|} kebakaran {tersebut|itu}."]),
        new(
            ["Festival [village] {Meriah|Dipadati Ribuan Warga}", "[people] Warga Padati Festival Budaya di [city]", "Festival [village] Hadirkan [m] Kelompok Seni"],
            ["{Ribuan|Sekitar [people]} warga {memadati|memenuhi} {alun-alun|lapangan|tepian sungai} [village], [city], {untuk menyaksikan|menonton} festival {budaya|seni dan kuliner} [when]."],
            ["Festival {yang digelar|itu berlangsung} {selama|hingga} [k] hari {menampilkan|menghadirkan} [m] {kelompok seni|sanggar tari|grup musik panting}.",
             "{Ketua panitia|Penyelenggara} [official] {mengatakan|menyebut} {jumlah|pengunjung} {tahun ini|kali ini} {naik|meningkat} [n] persen {dibanding|dari} tahun lalu.",
             "[person], {warga|pengunjung asal} [district], {mengaku|mengatakan} {datang|hadir} {bersama|membawa} [k] anggota keluarganya.",
             "\"{Kami|Saya} {senang|bangga} {acara seperti ini|tradisi ini} {kembali|tetap} {digelar|ada},\" [said] [personShort].",
             "{Sebanyak|Tercatat} [m] {stan|lapak} {kuliner|UMKM} {ikut|turut} {meramaikan|mengisi} {festival|acara} {tersebut|itu}.",
             "{Arus lalu lintas|Jalan} di {sekitar lokasi|[street]} {sempat|terpantau} {padat|macet} {hingga|sampai} pukul [hour].",
             "[post] [officialShort] {menurunkan|mengerahkan} [m] personel {untuk|guna} {mengamankan|menjaga} {jalannya acara|kegiatan}."]),
        new(
            ["Jalan [village]-[district] Rusak Parah", "Warga [village] Keluhkan Jalan Berlubang", "Jalan Rusak, Warga [village] Memutar [m] Kilometer"],
            ["Jalan {penghubung|poros} [village] {dan|menuju} [district], [city], {rusak parah|berlubang di banyak titik|berubah menjadi kubangan} {sejak|selama} [k] bulan terakhir."],
            ["{Akibatnya|Karena itu}, warga {harus|terpaksa} {memutar|mengambil jalan lain} {sejauh|hingga} [m] kilometer {untuk|menuju} {pasar|sekolah|puskesmas}.",
             "[person] ([age]), {warga|pengojek asal} [village], {mengaku|mengatakan} {sudah|pernah} [k] kali {terjatuh|tergelincir} {di ruas itu|saat hujan}.",
             "\"{Kalau hujan|Saat musim hujan}, {jalan ini|ruas ini} {tidak bisa|sulit} {dilalui|dilewati} {kendaraan|motor},\" [said] [personShort].",
             "[post] [officialShort] {mengatakan|menyebut} {usulan|permohonan} perbaikan {sudah|telah} {diajukan|disampaikan} {sejak|pada} tahun lalu.",
             "{Panjang|Ruas} jalan yang rusak {mencapai|sekitar} [n] kilometer {dengan|dan} [m] titik {amblas|longsor}.",
             "{Warga|Pemuda desa} {sempat|pernah} {menanam pisang|menimbun lubang} {di tengah jalan|dengan batu} {sebagai bentuk protes|secara swadaya}."]),
        new(
            ["Polisi Amankan [m] Terduga Pencuri Motor di [city]", "Komplotan Curanmor Dibekuk di [village]", "[k] Motor Curian Disita dari Rumah Warga [district]"],
            ["{Polisi|Jajaran Polsek [district]|Tim Resmob} {mengamankan|menangkap|membekuk} [m] orang yang {diduga|disangka} {terlibat|mencuri} {kasus pencurian sepeda motor|curanmor|pencurian motor} di {wilayah|kawasan} [city], [when]."],
            ["[post] [officialShort] {mengatakan|menyebut} {para pelaku|tersangka} {beraksi|menjalankan aksinya} {di|pada} [k] lokasi {berbeda|dalam sebulan terakhir}.",
             "{Dari tangan|Dari} {pelaku|tersangka}, {polisi|petugas} {menyita|mengamankan} [k] {unit|buah} sepeda motor {dan|serta} {kunci letter T|surat kendaraan palsu}.",
             "{Salah satu|Seorang} {pelaku|tersangka} {berinisial|bernama} [personShort] ([age]) {merupakan|adalah} warga [village].",
             "{Para|Kedua} tersangka {dijerat|dikenakan} Pasal 363 KUHP {dengan ancaman|yang mengancam} {hukuman|pidana} [k] tahun penjara.",
             "{Korban|Pemilik motor} {bernama|} [person] {mengaku|melapor} {kehilangan|kehilangan motornya} {saat|ketika} {salat|berbelanja|bekerja} di [street].",
             "{Polisi|Petugas} {masih|terus} {memburu|mengejar} [k] {pelaku lain|penadah|rekan tersangka} {yang|dan kini} {kini|saat ini} {buron|melarikan diri}."]),
        new(
            ["SD di [village] Kekurangan [m] Guru", "Satu Guru Ajar Dua Kelas di [village]", "Sekolah di [district] {Butuh|Kekurangan} Guru"],
            ["{Sekolah dasar|SDN [k]} di [village], [city], {kekurangan|kekurangan tenaga} [m] guru {sehingga|hingga} {satu guru mengajar dua kelas|sebagian kelas kosong|beberapa kelas tanpa guru} {sekaligus|setiap hari}."],
            ["[post] [officialShort] {mengatakan|menuturkan} {sekolahnya|sekolah itu} {hanya|kini cuma} {memiliki|punya} [k] guru {berstatus|} {PNS|tetap} {untuk|bagi} [n] murid.",
             "\"{Kami|Saya} {sudah|telah} {mengusulkan|meminta} {tambahan|penambahan} guru {sejak|dari} [k] tahun lalu,\" [said] [officialShort].",
             "[person], {orang tua murid|wali murid}, {khawatir|cemas} {anaknya|nilai anaknya} {tertinggal|menurun} {dibanding|dari} sekolah di [district].",
             "{Sebagian|Beberapa} guru {honorer|sukarela} {hanya|cuma} {digaji|menerima} Rp[price] {per bulan|sebulan} {dari|melalui} dana BOS.",
             "{Gedung|Ruang kelas} {sekolah|} {itu|tersebut} {juga|pun} {rusak|bocor} di [k] {ruangan|titik} {sejak|selama} [m] bulan.",
             "{Dinas Pendidikan|Pemerintah kabupaten} {berjanji|menyatakan akan} {menempatkan|mengirim} guru {baru|PPPK} {tahun depan|pada semester berikutnya}."]),
        new(
            ["Banjir Rendam [m] Rumah di [village]", "[village] Terendam Banjir Setinggi [n] Sentimeter", "Sungai Meluap, Warga [district] Mengungsi"],
            ["{Banjir|Air bah} {merendam|menggenangi} [m] rumah {warga|penduduk} di [village], Kecamatan [district], [city], {setelah|akibat} hujan deras {sejak|selama} [k] jam, [when]."],
            ["{Ketinggian|Tinggi} air {mencapai|sekitar} [n] sentimeter {di|pada} {permukiman|jalan} {terdekat dengan sungai|di bantaran|di tepi sungai|paling rendah}.",
             "[post] [officialShort] {mengatakan|menyebut} [people] jiwa {terdampak|terkena banjir|terimbas} {dan|sementara} [k] keluarga {mengungsi|memilih mengungsi|dievakuasi} {ke|menuju} {balai desa|masjid|sekolah}.",
             "\"{Air|Banjir} {naik|datang} {cepat sekali|tiba-tiba} {sekitar|pada} pukul [hour],\" [said] [personShort], warga [village].",
             "{Petugas|Relawan} {membuka|mendirikan} {dapur umum|posko} {di|dekat} {balai desa|kantor kecamatan} [district].",
             "{Sawah|Kebun} {seluas|sekitar} [n] hektare {ikut|juga} {terendam|tergenang} {dan|sehingga} {terancam|berpotensi} gagal panen.",
             "{BMKG|Petugas cuaca} {memperkirakan|memprediksi} hujan {masih|akan} {turun|berlanjut} {hingga|selama} [k] hari ke depan."]),
        new(
            ["[team] Tundukkan [rival] [k]-1", "[team] Melaju ke Final Usai Kalahkan [rival]", "Gol Menit Akhir Antar [team] Menang atas [rival]"],
            ["[team] {menundukkan|mengalahkan|menaklukkan} [rival] {dengan skor|} [k]-1 {dalam|pada} {laga|pertandingan} {lanjutan|semifinal} {di|yang berlangsung di} {Stadion|Lapangan} [village], [city], [when]."],
            ["{Gol|Gol pembuka} {dicetak|disarangkan} [person] {pada|di} menit ke-[n] {melalui|lewat} {sundulan|tendangan bebas|sepakan keras}.",
             "{Pelatih|Manajer} [team], [official], {mengaku|menyebut} {puas|senang} {dengan|atas} {permainan|penampilan} {anak asuhnya|timnya}.",
             "\"{Anak-anak|Pemain} {bermain|tampil} {disiplin|sesuai rencana} {sejak|dari} {menit pertama|awal laga},\" [said] [officialShort].",
             "{Sekitar|Lebih dari} [people] {penonton|suporter} {memadati|memenuhi} {tribun|stadion} {sejak|mulai} pukul [hour].",
             "{Dengan hasil ini,|Berkat kemenangan ini,} [team] {mengoleksi|mengumpulkan} [m] poin {dari|dalam} [k] laga.",
             "[rival] {sempat|nyaris} {menyamakan kedudukan|membalas} {lewat|melalui} {serangan balik|tendangan penalti} {pada|di} menit ke-[m]."]),
        new(
            ["Petani [village] Panen [commodity] [n] Ton", "Panen Raya di [district], Hasil Naik [m] Persen", "Petani [village] {Keluhkan|Cemaskan} Harga Gabah"],
            ["{Petani|Kelompok tani} di [village], [city], {mulai|menggelar} panen {raya|} [commodity] {di lahan seluas|di atas} [n] hektare, [when]."],
            ["{Ketua kelompok tani|Petani setempat} [person] {mengatakan|menyebut} {hasil|produksi} {tahun ini|musim ini} {naik|meningkat} [m] persen.",
             "{Harga|Harga jual} {gabah|hasil panen} {di tingkat petani|dari petani|di sawah|di penggilingan} {hanya|sekitar} Rp[price] per kilogram, {lebih rendah|turun|anjlok} {dari|dibanding|ketimbang} {musim lalu|bulan lalu}.",
             "\"{Kalau harga|Jika harga} {terus|tetap} {turun|begini}, {kami|petani} {tidak|sulit} {bisa|untuk} {menutup|membayar} {biaya pupuk|ongkos tanam},\" [said] [personShort].",
             "[post] [officialShort] {berjanji|menyatakan akan} {membantu|memfasilitasi} {pemasaran|penjualan} {melalui|lewat} {koperasi|Bulog}.",
             "{Serangan|Hama} {wereng|tikus} {sempat|pernah} {merusak|menyerang} [k] hektare {lahan|sawah} {sebelum|menjelang} panen.",
             "{Petani|Mereka} {berharap|meminta} {bantuan|tambahan} {alat mesin pertanian|pupuk bersubsidi} {tahun depan|musim berikutnya}."]),
        new(
            ["Kasus DBD di [city] Capai [m] Orang", "Warga [village] Diminta Waspada Demam Berdarah", "[k] Anak Dirawat karena DBD di [district]"],
            ["{Kasus|Penderita} demam berdarah dengue {di|yang tercatat di} [city] {mencapai|bertambah menjadi} [m] orang {sejak|dalam} [k] {pekan|bulan} terakhir."],
            ["[post] [officialShort] {menyebut|mengungkapkan} {sebagian besar|mayoritas} {pasien|penderita} {adalah|merupakan} anak {usia sekolah|di bawah [k] tahun}.",
             "{Fogging|Pengasapan} {sudah|telah} {dilakukan|digelar} di [k] {RT|lingkungan} {di|sekitar} [village] {atas|berdasarkan} {permintaan|laporan} warga.",
             "\"{Yang paling penting|Kuncinya} {tetap|adalah} {menguras|membersihkan} {bak mandi|tempat penampungan air} {seminggu sekali|secara rutin},\" [said] [officialShort].",
             "[person] ([age]), {warga|ibu rumah tangga asal} [village], {mengatakan|bercerita} {anaknya|cucunya} {sempat|harus} dirawat [k] hari {di|di ruang anak} {puskesmas|rumah sakit} [district].",
             "{Jumlah|Angka} {kasus|penderita} {tahun ini|saat ini} {lebih tinggi|dua kali lipat} {dibanding|dari} {periode yang sama|tahun lalu} yang {hanya|cuma} [n] orang.",
             "{Kader|Petugas} jumantik {dikerahkan|diturunkan} {untuk|guna} {memeriksa|mendatangi} [people] rumah {hingga|sampai} akhir bulan."]),
        new(
            ["Tabrakan di [street], [k] Orang Luka", "Kecelakaan Beruntun di Jalan [district]", "Truk Terguling di [village], Lalu Lintas Macet [k] Jam"],
            ["{Kecelakaan|Tabrakan} {antara|yang melibatkan} {truk|mobil pikap|bus} {dan|dengan} {sepeda motor|minibus} {terjadi di|di} [street], [village], [city], [when] {sekitar|} pukul [hour]."],
            ["{Akibat|Dalam} {kejadian|kecelakaan} {itu|tersebut}, [k] orang {mengalami|menderita} luka {ringan|berat} {dan|lalu} {dilarikan|dibawa} ke {puskesmas|RSUD} [district].",
             "{Pengendara|Sopir} {bernama|} [person] ([age]) {diduga|disebut} {mengantuk|melaju kencang|hilang kendali} {saat|ketika} {menikung|mendahului kendaraan lain}.",
             "[post] [officialShort] {mengatakan|memastikan} {kedua|semua} kendaraan {sudah|telah} {dievakuasi|dipindahkan} {ke|menuju} {pos lantas|Mapolres} [city].",
             "{Arus lalu lintas|Lalu lintas} di {ruas|jalur} {itu|tersebut} {sempat|terpantau} {tersendat|macet} {selama|hampir} [k] jam.",
             "\"{Saya|Kami} {dengar|mendengar} {suara|bunyi} {benturan|dentuman} {keras|sangat keras} {dari|di} {warung|rumah},\" [said] [personShort].",
             "{Ruas|Jalan} {itu|ini} {dikenal|disebut warga} {rawan kecelakaan|sering memakan korban|kerap jadi lokasi tabrakan} {karena|sebab} {minim|kurang} {penerangan|rambu}."]),
        new(
            ["Wisata [village] Ramai Dikunjungi Saat Libur", "Objek Wisata di [district] Tarik [people] Pengunjung", "Pokdarwis [village] Kembangkan Wisata {Susur Sungai|Alam|Religi}"],
            ["{Objek wisata|Destinasi} {susur sungai|air terjun|bukit|pantai} di [village], [city], {ramai|dipadati} {pengunjung|wisatawan} {selama|saat} {libur|akhir pekan} [when]."],
            ["{Pengelola|Ketua Pokdarwis} [official] {mencatat|menyebut} {jumlah|kunjungan} {wisatawan|pengunjung} {mencapai|tembus} [people] orang {dalam|selama} [k] hari.",
             "{Tiket masuk|Karcis} {dipatok|dijual} Rp[price] {per orang|untuk dewasa} {dan|sedangkan} {anak-anak|pelajar} {separuhnya|gratis}.",
             "[person], {pengunjung|wisatawan asal} [district], {mengaku|bilang} {baru pertama kali|sudah [k] kali} {datang|berkunjung} {ke tempat itu|ke sana}.",
             "\"{Tempatnya|Pemandangannya} {sejuk|indah}, {tapi|hanya saja} {akses jalan|parkir} {masih|perlu} {diperbaiki|ditata},\" [said] [personShort].",
             "{Warga|Pedagang} {sekitar|lokal} {ikut|turut} {merasakan|menikmati} {manfaat|dampak} {ekonomi|} {dengan|lewat} {berjualan|membuka} {kuliner|lapak} di [m] titik.",
             "[post] [officialShort] {berencana|akan} {menambah|membangun} {fasilitas|gazebo dan toilet} {tahun depan|pada [k] bulan mendatang}."]),
    ];
}
