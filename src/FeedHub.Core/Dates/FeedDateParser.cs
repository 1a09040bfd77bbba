using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedHub.Core.Dates;

/// <summary>Parses the dates feeds carry, culture-independently, into UTC.</summary>
/// <remarks>
/// Understood: RFC 822/1123/2822 and their sloppy variants (2-digit years, missing seconds or
/// weekday, named and military zones, "+hhmm"/"+hh:mm"), RFC 850 ("06-Nov-94"), asctime, and
/// RFC 3339 / ISO 8601 / W3CDTF (date only, no seconds, fractions, Z or offset). Day and month
/// names may be English, Indonesian, Malay, Dutch, Italian, Spanish, Portuguese, French or German;
/// a weekday that does not match the date is ignored (the date wins); zones include WIB/WITA/WIT. Rules: a missing zone means
/// UTC (as RFC 3339 readers and feedparser do); an unknown zone name or any unknown word makes
/// the whole date unparseable rather than silently UTC.
/// </remarks>
public static partial class FeedDateParser
{
    /// <summary>Month names and abbreviations in the languages of the region and of common CMS
    /// locales: English, Indonesian, Malay, Dutch, Italian, Spanish, Portuguese, French, German.</summary>
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[] names =
        [
            "jan january januari janv janvier enero ene gennaio gen janeiro januar jänner jaenner",
            "feb february februari peb pebruari febrero febbraio fevereiro fev févr fevr février fevrier februar",
            "mar march maret mac maart mrt marzo março marco mars märz maerz marz mär mrz",
            "apr april abril aprile avr avril",
            "may mei mayo maggio mag maio mai",
            "jun june juni junio giugno giu junho juin",
            "jul july juli julai julio luglio lug julho juil juillet",
            "aug august agu agus agt agustus ogo ogos augustus agosto ago août aout",
            "sep sept september septiembre setiembre settembre set setembro septembre",
            "oct october okt oktober octubre ottobre ott outubro out octobre",
            "nov november nop nopember noviembre novembre novembro",
            "dec december des desember dis disember diciembre dic dicembre dezembro dez décembre decembre déc dezember",
        ];
        for (int month = 1; month <= 12; month++)
        {
            foreach (string name in names[month - 1].Split(' '))
            {
                months[name] = month;
            }
        }

        return months;
    }

    /// <summary>Weekday names and abbreviations in the same languages. A weekday only ever labels
    /// a date: it is recognized and skipped, never checked against the day (feeds get it wrong).</summary>
    private static readonly HashSet<string> Weekdays = new(
        """
        mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
        saturday sunday sen sel rab kam jum sab min senin selasa rabu kamis jumat jum'at sabtu
        minggu ahad isn isnin kha khamis jumaat aha ma di wo do vr za zo maandag dinsdag woensdag
        donderdag vrijdag zaterdag zondag lun mar mer gio ven dom lunedì lunedi martedì martedi
        mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica mié mie jue vie sáb
        lunes martes miércoles miercoles jueves viernes sábado sabado domingo seg ter qua qui sex
        segunda terça terca quarta quinta sexta segunda-feira terça-feira terca-feira quarta-feira
        quinta-feira sexta-feira jeu sam dim lundi mardi mercredi jeudi vendredi samedi dimanche
        mo mi fr sa so montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
        """.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    // Words that carry no date information: "pukul"/"jam" (id, ms), "at", "de"/"del" (es, pt:
    // "7 de mayo de 2024"), "le"/"à"/"às" (fr, pt), "um ... Uhr" (de), "om" (nl), "alle"/"ore" (it).
    private static readonly HashSet<string> Fillers = new(StringComparer.OrdinalIgnoreCase)
    {
        "pukul", "jam", "at", "de", "del", "las", "le", "à", "às", "um", "uhr", "om", "alle", "ore",
    };

    /// <summary>Zone names with their offset in minutes. Military letters follow RFC 822 as
    /// written (A = -1 h ... N = +1 h), which is also what feedparser does.</summary>
    private static readonly Dictionary<string, int> Zones = BuildZones();

    /// <summary>True when <paramref name="text"/> is a date this parser understands; the result is in UTC (offset zero).</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return false;
        }

        string trimmed = text.Trim();
        return TryParseIso(trimmed, out utc) || TryParseRfc822Like(trimmed, out utc);
    }

    private static bool TryParseIso(string text, out DateTimeOffset utc)
    {
        utc = default;
        Match m = IsoPattern().Match(text);
        if (!m.Success)
        {
            return false;
        }

        int year = Int(m.Groups["y"]);
        int month = m.Groups["mo"].Success ? Int(m.Groups["mo"]) : 1;
        int day = m.Groups["d"].Success ? Int(m.Groups["d"]) : 1;
        int hour = m.Groups["h"].Success ? Int(m.Groups["h"]) : 0;
        int minute = m.Groups["mi"].Success ? Int(m.Groups["mi"]) : 0;
        int second = m.Groups["s"].Success ? Int(m.Groups["s"]) : 0;
        double fraction = m.Groups["f"].Success ? double.Parse("0." + m.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;

        int offsetMinutes = 0;
        if (m.Groups["z"].Success && !TryZone(m.Groups["z"].Value, out offsetMinutes))
        {
            return false;
        }

        return TryBuild(year, month, day, hour, minute, second, fraction, offsetMinutes, out utc);
    }

    private static bool TryParseRfc822Like(string text, out DateTimeOffset utc)
    {
        utc = default;
        var tokens = new List<string>();
        foreach (string raw in text.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Fillers.Contains(raw))
            {
                continue;
            }

            // RFC 850 "06-Nov-94" and "6-Mei-2024" carry day, month and year in one token.
            Match dmy = DayMonthYearToken().Match(raw);
            if (dmy.Success)
            {
                tokens.Add(dmy.Groups[1].Value);
                tokens.Add(dmy.Groups[2].Value);
                tokens.Add(dmy.Groups[3].Value);
            }
            else
            {
                tokens.Add(raw);
            }
        }

        int? month = null;
        int monthIndex = -1;
        var numbers = new List<(int Index, string Text)>();
        string? timeText = null;
        string? zoneText = null;
        string? meridiem = null;

        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i].TrimEnd('.');
            if (token.Length == 0)
            {
                continue;
            }

            if (TimeToken().IsMatch(token) && timeText is null)
            {
                timeText = token;
            }
            else if (token.All(char.IsAsciiDigit))
            {
                numbers.Add((i, token));
            }
            // "mar" is March in English, Spanish, Italian and Portuguese but Tuesday in Spanish,
            // Italian and French ("mar., 07 mai 2024"): it is the weekday when a month follows.
            else if (month is null && Months.TryGetValue(token, out int mo) && !(Weekdays.Contains(token) && MonthFollows(tokens, i)))
            {
                month = mo;
                monthIndex = i;
            }
            else if (Weekdays.Contains(token) || Fillers.Contains(token))
            {
                continue;
            }
            else if (token.Equals("am", StringComparison.OrdinalIgnoreCase) || token.Equals("pm", StringComparison.OrdinalIgnoreCase))
            {
                meridiem = token;
            }
            else if (zoneText is null && timeText is not null)
            {
                zoneText = token;
            }
            else
            {
                return false;
            }
        }

        if (month is null || timeText is null && numbers.Count < 2)
        {
            return false;
        }

        // Day: the 1-2 digit number right before the month (RFC 822) or right after it (asctime, "May 7, 2024").
        (int Index, string Text)? dayToken = numbers.Where(n => n.Text.Length <= 2 && n.Index == monthIndex - 1).Cast<(int, string)?>().FirstOrDefault()
            ?? numbers.Where(n => n.Text.Length <= 2 && n.Index == monthIndex + 1).Cast<(int, string)?>().FirstOrDefault();
        if (dayToken is null)
        {
            return false;
        }

        var rest = numbers.Where(n => n.Index != dayToken.Value.Index).ToList();
        if (rest.Count != 1)
        {
            return false;
        }

        int day = int.Parse(dayToken.Value.Text, CultureInfo.InvariantCulture);
        int year = ExpandYear(rest[0].Text);

        int hour = 0, minute = 0, second = 0;
        double fraction = 0;
        if (timeText is not null)
        {
            Match t = TimeToken().Match(timeText);
            hour = Int(t.Groups["h"]);
            minute = Int(t.Groups["mi"]);
            second = t.Groups["s"].Success ? Int(t.Groups["s"]) : 0;
            fraction = t.Groups["f"].Success ? double.Parse("0." + t.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
        }

        if (meridiem is not null)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (meridiem.Equals("pm", StringComparison.OrdinalIgnoreCase) ? 12 : 0);
        }

        int offsetMinutes = 0;
        if (zoneText is not null && !TryZone(zoneText, out offsetMinutes))
        {
            return false;
        }

        return TryBuild(year, month.Value, day, hour, minute, second, fraction, offsetMinutes, out utc);
    }

    private static bool MonthFollows(List<string> tokens, int index)
    {
        for (int i = index + 1; i < tokens.Count; i++)
        {
            if (Months.ContainsKey(tokens[i].TrimEnd('.')))
            {
                return true;
            }
        }

        return false;
    }

    private static int ExpandYear(string digits)
    {
        int value = int.Parse(digits, CultureInfo.InvariantCulture);
        return digits.Length switch
        {
            // RFC 2822 §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999; three digits add 1900.
            <= 2 => value < 50 ? 2000 + value : 1900 + value,
            3 => 1900 + value,
            _ => value,
        };
    }

    private static bool TryZone(string text, out int offsetMinutes)
    {
        offsetMinutes = 0;
        string zone = text.Trim().Trim('(', ')');
        if (Zones.TryGetValue(zone, out offsetMinutes))
        {
            return true;
        }

        // "GMT+0700", "UTC-05:00", "+0700", "+07:00", "+07", "+7".
        Match m = OffsetPattern().Match(zone);
        if (!m.Success)
        {
            return false;
        }

        string digits = m.Groups["hh"].Value;
        int hours = int.Parse(digits, CultureInfo.InvariantCulture);
        int minutes = m.Groups["mm"].Success ? int.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture) : 0;
        if (digits.Length == 4)
        {
            minutes = hours % 100;
            hours /= 100;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offsetMinutes = (hours * 60 + minutes) * (m.Groups["sign"].Value == "-" ? -1 : 1);
        return true;
    }

    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, double fraction, int offsetMinutes, out DateTimeOffset utc)
    {
        utc = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second is not representable; 24:00 is the end of the day (ISO 8601).
        bool endOfDay = hour == 24;
        if (endOfDay && (minute != 0 || second != 0))
        {
            return false;
        }

        second = Math.Min(second, 59);
        var local = new DateTime(year, month, day, endOfDay ? 0 : hour, minute, second, DateTimeKind.Unspecified);
        local = local.AddTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond));
        if (endOfDay)
        {
            local = local.AddDays(1);
        }

        DateTime asUtc = local.AddMinutes(-offsetMinutes);
        if (asUtc.Year is < 1 or > 9998)
        {
            return false;
        }

        utc = new DateTimeOffset(DateTime.SpecifyKind(asUtc, DateTimeKind.Utc));
        return true;
    }

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    private static Dictionary<string, int> BuildZones()
    {
        var zones = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
            ["EST"] = -5 * 60, ["EDT"] = -4 * 60, ["CST"] = -6 * 60, ["CDT"] = -5 * 60,
            ["MST"] = -7 * 60, ["MDT"] = -6 * 60, ["PST"] = -8 * 60, ["PDT"] = -7 * 60,
            ["AST"] = -4 * 60, ["ADT"] = -3 * 60,
            ["WIB"] = 7 * 60, ["WITA"] = 8 * 60, ["WIT"] = 9 * 60, ["MYT"] = 8 * 60,
        };

        for (char c = 'A'; c <= 'Y'; c++)
        {
            int hours = c switch
            {
                <= 'I' => -(c - 'A' + 1),
                'J' => int.MinValue, // J is not a zone (it meant "local time").
                <= 'M' => -(c - 'K' + 10),
                _ => c - 'N' + 1,
            };
            if (hours != int.MinValue)
            {
                zones[c.ToString()] = hours * 60;
            }
        }

        return zones;
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<mo>\d{2})(?:-(?<d>\d{2}))?|(?<mo>\d{2})(?<d>\d{2}))?(?:(?:T|\s+)(?<h>\d{2}):?(?<mi>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d{1,9})\d*)?)?)?\s*(?<z>Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<h>\d{1,2})[:.](?<mi>\d{2})(?:[:.](?<s>\d{2})(?:[.,](?<f>\d{1,9})\d*)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeToken();

    [GeneratedRegex(@"^(\d{1,2})-(\p{L}{3,9})-(\d{2,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYearToken();

    [GeneratedRegex(@"^(?:GMT|UTC|UT)?(?<sign>[+-])(?<hh>\d{1,2}|\d{4})(?::(?<mm>\d{2}))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OffsetPattern();
}
