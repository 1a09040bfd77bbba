using System.Globalization;
using System.Text;

namespace FeedHub.Storage.Mapping;

/// <summary>The <c>document_item_ids</c> column: the ids of the items the source's last parsed
/// document listed, as a JSON array of integers, only ever read and written whole.</summary>
internal static class DocumentItemIds
{
    public static string Write(IReadOnlyList<long> ids)
    {
        var text = new StringBuilder(2 + (ids.Count * 8));
        text.Append('[');
        for (int i = 0; i < ids.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(ids[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    public static long[] Read(string? json)
    {
        ReadOnlySpan<char> list = (json ?? "").AsSpan().Trim().TrimStart('[').TrimEnd(']');
        if (list.IsWhiteSpace())
        {
            return [];
        }

        var ids = new List<long>();
        foreach (Range part in list.Split(','))
        {
            ids.Add(long.Parse(list[part].Trim(), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return [.. ids];
    }
}
