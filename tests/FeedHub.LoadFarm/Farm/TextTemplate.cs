using System.Text;

namespace FeedHub.LoadFarm.Farm;

/// <summary>Expands a sentence template: <c>{a|b|c}</c> picks one alternative (may be empty),
/// <c>[slot]</c> asks the caller for a value. Alternatives between the slots keep any run of
/// fixed words short, so three-word shingles do not recur across unrelated items the way one
/// fixed frame per sentence made them (docs/load.md, "Story keys").</summary>
internal static class TextTemplate
{
    public static string Expand(string template, Random random, Func<string, string> slot)
    {
        var text = new StringBuilder(template.Length + 64);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c == '{')
            {
                int end = template.IndexOf('}', i);
                string[] choices = template[(i + 1)..end].Split('|');
                // An alternative may hold slots of its own.
                text.Append(Expand(choices[random.Next(choices.Length)], random, slot));
                i = end + 1;
            }
            else if (c == '[')
            {
                int end = template.IndexOf(']', i);
                text.Append(slot(template[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        // An empty alternative leaves a double space or a space before punctuation.
        return text.ToString().Replace("  ", " ", StringComparison.Ordinal).Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal).Trim();
    }

    public static T Pick<T>(this Random random, T[] choices) => choices[random.Next(choices.Length)];
}
