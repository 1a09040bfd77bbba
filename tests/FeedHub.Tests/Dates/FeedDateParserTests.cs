using System.Globalization;
using FeedHub.Core.Dates;

namespace FeedHub.Tests.Dates;

public sealed class FeedDateParserTests
{
    [Theory]
    // RFC 822 / 1123 / 2822
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 UTC", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z")]
    [InlineData("Mon, 17 Apr 2017 09:45:21 +0700", "2017-04-17T02:45:21Z")]
    [InlineData("Fri, 14 Jan 2011 17:18:25 +0000", "2011-01-14T17:18:25Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 -0500", "2004-01-02T00:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 +05:30", "2004-01-01T14:18:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 EDT", "2004-01-01T23:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 CST", "2004-01-02T01:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 CDT", "2004-01-02T00:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 MST", "2004-01-02T02:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 MDT", "2004-01-02T01:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 PST", "2004-01-02T03:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 A", "2004-01-01T20:48:21Z")] // RFC 822 military: A = -0100
    [InlineData("Thu, 01 Jan 2004 19:48:21 N", "2004-01-01T18:48:21Z")] // N = +0100
    [InlineData("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")] // no weekday
    [InlineData("Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z")] // no seconds
    [InlineData("Thu, 1 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z")] // 2-digit year, 1-digit day
    [InlineData("Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z")] // 2-digit year before 2000
    [InlineData("Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21Z")] // no zone: UTC
    [InlineData("Thursday, 01-Jan-04 19:48:21 GMT", "2004-01-01T19:48:21Z")] // RFC 850
    [InlineData("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z")] // asctime
    [InlineData("Thu, 01 January 2004 07:48:21 PM GMT", "2004-01-01T19:48:21Z")]
    // RFC 3339 / ISO 8601 / W3CDTF
    [InlineData("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z")]
    [InlineData("2003-12-31T10:14:55+07:00", "2003-12-31T03:14:55Z")]
    [InlineData("2009-12-08T16:59:02.544-08:00", "2009-12-09T00:59:02.544Z")]
    [InlineData("2003-12-31T10:14Z", "2003-12-31T10:14:00Z")]
    [InlineData("2003-12-31T10:14:55", "2003-12-31T10:14:55Z")] // no offset: UTC
    [InlineData("2003-12-31", "2003-12-31T00:00:00Z")]
    [InlineData("2003-12", "2003-12-01T00:00:00Z")]
    [InlineData("2003", "2003-01-01T00:00:00Z")]
    [InlineData("20031231T101455Z", "2003-12-31T10:14:55Z")]
    [InlineData("2024-05-07 10:00", "2024-05-07T10:00:00Z")]
    [InlineData("2024-05-07 10:00:00 WIB", "2024-05-07T03:00:00Z")]
    // Indonesian
    [InlineData("Sel, 07 Mei 2024 10:00:00 +0700", "2024-05-07T03:00:00Z")]
    [InlineData("Senin, 6 Mei 2024 14:30 WITA", "2024-05-06T06:30:00Z")]
    [InlineData("Selasa, 07 Mei 2024 10:00:00 WIB", "2024-05-07T03:00:00Z")]
    [InlineData("Rabu, 08 Mei 2024 10:00 WIT", "2024-05-08T01:00:00Z")]
    [InlineData("Kamis, 17 Agustus 2023 08:00 WIB", "2023-08-17T01:00:00Z")]
    [InlineData("Jum'at, 1 Des 2023 13:15 WIB", "2023-12-01T06:15:00Z")]
    [InlineData("Jumat, 1 Desember 2023 13.15 WIB", "2023-12-01T06:15:00Z")]
    [InlineData("Sab, 02 Agu 2025 09:00:00 +0700", "2025-08-02T02:00:00Z")]
    [InlineData("Min, 03 Agus 2025 09:00:00 +0700", "2025-08-03T02:00:00Z")]
    [InlineData("Sabtu, 12 Okt 2024 pukul 20.05 WIB", "2024-10-12T13:05:00Z")]
    [InlineData("Minggu, 5 Januari 2025 00:30 WIB", "2025-01-04T17:30:00Z")]
    [InlineData("Kam, 29 Feb 2024 23:00:00 WITA", "2024-02-29T15:00:00Z")]
    [InlineData("6 Mei 2024", "2024-05-06T00:00:00Z")]
    public void Parses_into_utc(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out DateTimeOffset utc), $"could not parse '{text}'");
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
    }

    [Theory]
    [InlineData("Sel, 07 Mei 2024 10:00:00 +0700", "2024-05-07T03:00:00Z")] // Indonesian
    [InlineData("Selasa, 07 Mei 2024 10:00:00 WIB", "2024-05-07T03:00:00Z")]
    [InlineData("Khamis, 15 Ogos 2024 08:00:00 +0800", "2024-08-15T00:00:00Z")] // Malay
    [InlineData("Isnin, 2 Disember 2024 09:15 MYT", "2024-12-02T01:15:00Z")]
    [InlineData("Jumaat, 1 Mac 2024 12:00:00 +0800", "2024-03-01T04:00:00Z")]
    [InlineData("di, 07 mei 2024 10:00:00 +0200", "2024-05-07T08:00:00Z")] // Dutch
    [InlineData("woensdag 13 maart 2024 14:30 +0100", "2024-03-13T13:30:00Z")]
    [InlineData("mar, 07 mag 2024 10:00:00 +0200", "2024-05-07T08:00:00Z")] // Italian: "mar" is Tuesday here
    [InlineData("giovedì 12 dicembre 2024 alle 18:00 +0100", "2024-12-12T17:00:00Z")]
    [InlineData("mié, 08 may 2024 10:00:00 +0200", "2024-05-08T08:00:00Z")] // Spanish
    [InlineData("martes, 7 de mayo de 2024 10:00 +0200", "2024-05-07T08:00:00Z")]
    [InlineData("sex, 10 mai 2024 10:00:00 -0300", "2024-05-10T13:00:00Z")] // Portuguese
    [InlineData("sábado, 2 de março de 2024 09:00 -0300", "2024-03-02T12:00:00Z")]
    [InlineData("mar., 07 mai 2024 10:00:00 +0200", "2024-05-07T08:00:00Z")] // French
    [InlineData("jeudi 15 août 2024 08:00 +0200", "2024-08-15T06:00:00Z")]
    [InlineData("Di, 07 Mai 2024 10:00:00 +0200", "2024-05-07T08:00:00Z")] // German
    [InlineData("Mittwoch, 13. März 2024 um 14:30 Uhr +0100", "2024-03-13T13:30:00Z")]
    [InlineData("Mon, 07 May 2024 10:00:00 +0700", "2024-05-07T03:00:00Z")] // 7 May 2024 was a Tuesday: the date wins
    [InlineData("Jumat, 07 Mei 2024 10:00:00 WIB", "2024-05-07T03:00:00Z")]
    [InlineData("Mar, 12 Mar 2024 10:00:00 +0000", "2024-03-12T10:00:00Z")]
    public void Parses_month_and_weekday_names_of_the_region_and_cms_locales_whatever_the_weekday_says(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out DateTimeOffset utc), $"could not parse '{text}'");
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), utc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 CEST")] // unknown zone name: refused, never taken as UTC
    [InlineData("Thu, 01 Jan 2004 19:48:21 XYZ")]
    [InlineData("Thu, 31 Feb 2004 19:48:21 GMT")] // no such day
    [InlineData("Thu, 01 Foo 2004 19:48:21 GMT")]
    [InlineData("2004-13-01T00:00:00Z")]
    [InlineData("2004-01-01T25:00:00Z")]
    [InlineData("07/05/2024")] // day/month order is a guess: refused
    public void Refuses_what_it_cannot_read_for_certain(string? text)
    {
        Assert.False(FeedDateParser.TryParse(text, out DateTimeOffset utc));
        Assert.Equal(default, utc);
    }
}
