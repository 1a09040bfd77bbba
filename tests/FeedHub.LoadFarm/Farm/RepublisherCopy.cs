namespace FeedHub.LoadFarm.Farm;

/// <summary>What a portal does to a release it republishes, as real ones do: often nothing, often
/// a headline of its own, sometimes a sentence dropped or two swapped. The lead stays: it is what
/// every copy keeps.</summary>
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

        return (title, [.. sentences]);
    }
}
