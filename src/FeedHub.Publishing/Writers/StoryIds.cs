using System.Globalization;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>Identities of stories in published feeds.</summary>
public static class StoryIds
{
    /// <summary>A tag URI (RFC 4151) such as <c>tag:hub.example,2024-05-07:story:42</c>. It is
    /// FeedHub's id, not the origin's guid: the origin of a story can change when its media
    /// center's copy arrives after a portal's. The authority is the deployment's, fixed at its
    /// first start; the date is when the story was first seen, a day on which that name was
    /// certainly its own.</summary>
    public static string TagUri(string authority, StoryEntry story) => string.Create(
        CultureInfo.InvariantCulture,
        $"tag:{authority},{story.FirstSeenAt.UtcDateTime:yyyy'-'MM'-'dd}:story:{story.StoryId}");
}
