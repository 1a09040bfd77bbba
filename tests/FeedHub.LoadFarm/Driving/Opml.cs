using System.Xml;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Driving;

/// <summary>The farm's feeds as an OPML file for <c>sources import</c>, in folders by region
/// (which become tags).</summary>
internal static class Opml
{
    public static void Write(string path, FarmLayout layout)
    {
        using XmlWriter writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true });
        writer.WriteStartElement("opml");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteStartElement("head");
        writer.WriteElementString("title", "FeedHub load farm");
        writer.WriteEndElement();
        writer.WriteStartElement("body");
        foreach (IGrouping<string, int> region in Enumerable.Range(0, layout.Feeds).GroupBy(feed => FeedContent.RegionOf(feed).Province))
        {
            writer.WriteStartElement("outline");
            writer.WriteAttributeString("text", region.Key);
            foreach (int feed in region)
            {
                writer.WriteStartElement("outline");
                writer.WriteAttributeString("type", "rss");
                writer.WriteAttributeString("text", FeedContent.Title(feed));
                writer.WriteAttributeString("xmlUrl", layout.Url(feed));
                writer.WriteAttributeString("htmlUrl", $"https://{FeedContent.Site(feed)}/");
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
