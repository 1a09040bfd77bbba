using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>The HTML body of an entry: the origin's content, then a short provenance footer
/// that names the other sources which carried the story.</summary>
public static class StoryHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Null when the story has neither content nor other copies.</summary>
    public static string? Content(StoryEntry story)
    {
        // The stored summary is already sanitized HTML: encoding it again would show its tags as text.
        string? body = story.Item.ContentHtml ?? story.Item.Summary;
        string? footer = AlsoPublishedFooter(story);
        return footer is null ? body : (body ?? "") + footer;
    }

    /// <summary><c>&lt;p class="feedhub-also"&gt;Also published by: &lt;a&gt;Portal&lt;/a&gt;, …&lt;/p&gt;</c>, or null.</summary>
    public static string? AlsoPublishedFooter(StoryEntry story)
    {
        if (story.AlsoPublishedBy.Count == 0)
        {
            return null;
        }

        var html = new StringBuilder("<p class=\"feedhub-also\">Also published by: ");
        for (int i = 0; i < story.AlsoPublishedBy.Count; i++)
        {
            StoryCopy copy = story.AlsoPublishedBy[i];
            if (i > 0)
            {
                html.Append(", ");
            }

            string name = Encoder.Encode(SourceName(copy.SourceTitle, copy.SourceUrl));
            if (PublicLinks.AbsoluteOrNull(copy.Link) is { } link)
            {
                html.Append("<a href=\"").Append(Encoder.Encode(link)).Append("\">").Append(name).Append("</a>");
            }
            else
            {
                html.Append(name);
            }
        }

        return html.Append(".</p>").ToString();
    }

    public static string SourceName(string? title, string url) => string.IsNullOrWhiteSpace(title) ? url : title;
}
