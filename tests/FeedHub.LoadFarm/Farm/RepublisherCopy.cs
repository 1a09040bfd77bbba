namespace FeedHub.LoadFarm.Farm;

/// <summary>What a portal does to a release it republishes, as real ones do: often nothing, often
/// a headline of its own, sometimes a sentence dropped or two swapped, a short copy of the first
/// paragraphs, or a sentence of its own added. The lead stays: it is what every copy keeps.</summary>
internal static class RepublisherCopy
{
    public static (string Title, string[] Sentences) Edit(ReleaseText release, Random copy)
    {
        string title = copy.NextDouble() < 0.4 ? release.TitleVariant(copy) : release.Title;
        var sentences = new List<string>(release.Sentences);
        double edit = copy.NextDouble();
        if (edit < 0.3 && sentences.Count > 3)
        {
            sentences.RemoveAt(copy.Next(1, sentences.Count));
        }
        else if (edit < 0.5 && sentences.Count > 3)
        {
            int at = copy.Next(1, sentences.Count - 1);
            (sentences[at], sentences[at + 1]) = (sentences[at + 1], sentences[at]);
        }
        else if (edit < 0.6 && sentences.Count > 4)
        {
            sentences.RemoveRange(4, sentences.Count - 4);
        }

        if (copy.NextDouble() < 0.15)
        {
            sentences.Add(TextTemplate.Expand(
                "{Sementara itu|Terpisah|Di tempat terpisah}, {anggota DPRD|tokoh pemuda|pengamat kebijakan publik} [name] {menilai|menyebut|berpendapat} {langkah itu|program tersebut|kegiatan ini} {perlu|harus|sebaiknya} {diawasi|dievaluasi|dilanjutkan} {secara berkala|setiap tahun|bersama warga}.",
                copy,
                _ => FarmNames.Person(copy)));
        }

        return (title, [.. sentences]);
    }
}
