namespace FeedHub.LoadFarm.Farm;

/// <summary>Swaps common words for synonyms, each word on its own draw, as different writers
/// (and one writer on different days) word the same thing: the fixed words of a template then
/// form different three-word runs in different items. A release is paraphrased once, with its own
/// seed, so its copies keep the same words.</summary>
internal static class Paraphrase
{
    private static readonly string[][] Groups =
    [
        ["warga", "masyarakat", "penduduk"],
        ["mengatakan", "menyampaikan", "menyebutkan", "menerangkan"],
        ["sekitar", "kurang lebih", "kira-kira"],
        ["tahun lalu", "tahun sebelumnya", "tahun kemarin"],
        ["pekan", "minggu"],
        ["mencapai", "menyentuh", "menembus"],
        ["berharap", "mengharapkan", "menaruh harapan"],
        ["meminta", "mengimbau", "menginstruksikan"],
        ["tersebut", "itu"],
        ["segera", "secepatnya", "dalam waktu dekat"],
        ["kegiatan", "acara", "agenda"],
        ["hingga", "sampai", "sampai dengan"],
        ["setelah", "sesudah", "usai"],
        ["akibat", "karena", "lantaran"],
        ["harus", "mesti", "wajib"],
        ["juga", "pula"],
        ["terus", "senantiasa", "tetap"],
        ["bantuan", "sokongan", "uluran"],
        ["pemerintah", "pemda", "pemerintah daerah"],
        ["menurut", "kata", "sebagaimana disampaikan"],
        ["mengaku", "menuturkan", "bercerita"],
        ["turun", "merosot", "anjlok"],
        ["naik", "meningkat", "bertambah"],
        ["petugas", "aparat", "personel"],
        ["lokasi", "tempat kejadian", "area"],
        ["sejak", "semenjak", "mulai"],
        ["ke depan", "mendatang", "berikutnya"],
        ["lebih dari", "di atas", "melebihi"],
        ["sebanyak", "berjumlah", "total"],
    ];

    private static readonly Dictionary<string, string[]> Alternatives = Groups
        .SelectMany(group => group.Select(word => (word, group)))
        .ToDictionary(pair => pair.word, pair => pair.group, StringComparer.Ordinal);

    private static readonly int LongestPhrase = Groups.SelectMany(g => g).Max(w => w.Split(' ').Length);

    public static string Apply(string sentence, Random random)
    {
        string[] words = sentence.Split(' ');
        var result = new List<string>(words.Length);
        int i = 0;
        while (i < words.Length)
        {
            bool swapped = false;
            for (int length = Math.Min(LongestPhrase, words.Length - i); length >= 1 && !swapped; length--)
            {
                string phrase = string.Join(' ', words, i, length);
                string bare = phrase.TrimEnd(',', '.', '"');
                if (Alternatives.TryGetValue(bare, out string[]? group))
                {
                    result.Add(random.Pick(group) + phrase[bare.Length..]);
                    i += length;
                    swapped = true;
                }
            }

            if (!swapped)
            {
                result.Add(words[i++]);
            }
        }

        return string.Join(' ', result);
    }
}
