using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedHub.Core.Dates;

/// <summary>Parses the dates feeds carry, culture-independently, into UTC.</summary>
/// <remarks>
/// Understood: RFC 822/1123/2822 and their sloppy variants (2-digit years, missing seconds or
/// weekday, named and military zones, "+hhmm"/"+hh:mm"), RFC 850 ("06-Nov-94"), asctime, and
/// RFC 3339 / ISO 8601 / W3CDTF (date only, no seconds, fractions, Z or offset). Day and month
/// names may be English or Indonesian, zones include WIB/WITA/WIT. Rules: a missing zone means
/// UTC (as RFC 3339 readers and feedparser do); an unknown zone name or any unknown word makes
/// the whole date unparseable rather than silently UTC.
/// </remarks>
public static partial class FeedDateParser
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["january"] = 1, ["januari"] = 1,
        ["feb"] = 2, ["february"] = 2, ["februari"] = 2, ["peb"] = 2, ["pebruari"] = 2,
        ["mar"] = 3, ["march"] = 3, ["maret"] = 3,
        ["apr"] = 4, ["april"] = 4,
        ["may"] = 5, ["mei"] = 5,
        ["jun"] = 6, ["june"] = 6, ["juni"] = 6,
        ["jul"] = 7, ["july"] = 7, ["juli"] = 7,
        ["aug"] = 8, ["august"] = 8, ["agu"] = 8, ["agus"] = 8, ["agt"] = 8, ["agustus"] = 8,
        ["sep"] = 9, ["sept"] = 9, ["september"] = 9,
        ["oct"] = 10, ["october"] = 10, ["okt"] = 10, ["oktober"] = 10,
        ["nov"] = 11, ["november"] = 11, ["nop"] = 11, ["nopember"] = 11,
        ["dec"] = 12, ["december"] = 12, ["des"] = 12, ["desember"] = 12,
    };

    private static readonly HashSet<string> Weekdays = new(StringComparer.OrdinalIgnoreCase)
    {
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "sen", "sel", "rab", "kam", "jum", "sab", "min",
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    };

    // Words that carry no date information ("pukul" = "at", as in "pukul 14.30 WIB").
    private static readonly HashSet<string> Fillers = new(StringComparer.OrdinalIgnoreCase) { "pukul", "at" };

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
            else if (month is null && Months.TryGetValue(token, out int mo))
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
            ["WIB"] = 7 * 60, ["WITA"] = 8 * 60, ["WIT"] = 9 * 60,
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

    [GeneratedRegex(@"^(\d{1,2})-([A-Za-z]{3,9})-(\d{2,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYearToken();

    [GeneratedRegex(@"^(?:GMT|UTC|UT)?(?<sign>[+-])(?<hh>\d{1,2}|\d{4})(?::(?<mm>\d{2}))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OffsetPattern();
}
