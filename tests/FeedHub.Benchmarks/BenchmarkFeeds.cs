using System.Globalization;
using System.Text;

namespace FeedHub.Benchmarks;

/// <summary>A WordPress-shaped RSS 2.0 feed like the regional media centers publish: title,
/// link with tracking parameters, guid, dc:creator, categories, an HTML description and a
/// content:encoded body of about 1.5 KB per item.</summary>
internal static class BenchmarkFeeds
{
    /// <param name="srcset">Images with srcset and a class, as WordPress 4.4+ writes them: markup the
    /// sanitizer's fast path does not prove, so every item goes through HtmlSanitizer.</param>
    public static byte[] WordPressRss(int items, string host = "mc.example", bool srcset = false)
    {
        var xml = new StringBuilder();
        xml.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>MC Kalsel</title><link>https://mc.example/</link><description>Media Center Kalimantan Selatan</description><language>id</language>
            """);
        DateTimeOffset newest = new(2024, 5, 7, 10, 0, 0, TimeSpan.FromHours(7));
        for (int i = 0; i < items; i++)
        {
            string date = newest.AddMinutes(-17 * i).ToString("ddd, dd MMM yyyy HH:mm:ss +0700", CultureInfo.InvariantCulture);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Gubernur Kalsel resmikan jembatan ke-{i} di Kabupaten Banjar</title>
                <link>https://{host}/berita/{i}/gubernur-resmikan-jembatan?utm_source=rss&amp;utm_medium=feed</link>
                <guid isPermaLink="false">https://{host}/?p={100000 + i}</guid>
                <dc:creator><![CDATA[Humas Kalsel]]></dc:creator><pubDate>{date}</pubDate>
                <category><![CDATA[Pemerintahan]]></category><category><![CDATA[Kabupaten Banjar]]></category>
                <description><![CDATA[<p>BANJARMASIN &#8211; Gubernur Kalimantan Selatan meresmikan jembatan ke-{i} yang menghubungkan dua kecamatan [&#8230;]</p>]]></description>
                <content:encoded><![CDATA[<p><img src="/wp-content/uploads/2024/05/jembatan-{i}.jpg" alt="Jembatan" width="800" height="450"{(srcset ? $" class=\"wp-image-{i}\" srcset=\"/wp-content/uploads/2024/05/jembatan-{i}-300x169.jpg 300w, /wp-content/uploads/2024/05/jembatan-{i}.jpg 800w\" sizes=\"(max-width: 800px) 100vw, 800px\"" : string.Empty)} /></p>
                <p>BANJARMASIN &#8211; Gubernur Kalimantan Selatan meresmikan jembatan ke-{i} yang menghubungkan dua kecamatan di Kabupaten Banjar, Selasa (7/5/2024). Jembatan sepanjang 120 meter itu dibangun dengan anggaran daerah dan diharapkan memperlancar arus barang dan orang.</p>
                <p>&#8220;Jembatan ini untuk masyarakat, mari kita jaga bersama,&#8221; kata Gubernur dalam sambutannya. Pembangunan dimulai tahun lalu dan selesai tepat waktu.</p>
                <p>Bupati Banjar menyampaikan terima kasih atas dukungan pemerintah provinsi. <a href="https://{host}/tag/infrastruktur/" onclick="track()">Infrastruktur</a> menjadi prioritas daerah tahun ini.</p>
                <p>(Sumber : MC Kalsel)</p>]]></content:encoded></item>
                """);
        }

        xml.Append("</channel></rss>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
