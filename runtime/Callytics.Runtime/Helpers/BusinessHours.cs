using NodaTime;

namespace Callytics.Runtime.Helpers;

/// <summary>Which output a business_hours node takes.</summary>
public enum BusinessHoursResult
{
    /// <summary>Open now.</summary>
    InHours,
    /// <summary>Closed now.</summary>
    OutOfHours,
    /// <summary>Today is a holiday, and not within its open ranges (if any).</summary>
    Holiday,
}

/// <summary>A time range of one day in minutes since midnight; an end at or before the start crosses midnight.</summary>
/// <param name="StartMinute">0 to 1439.</param>
/// <param name="EndMinute">1 to 1440 (24:00).</param>
public readonly record struct TimeRange(int StartMinute, int EndMinute)
{
    /// <summary>True when the range runs past midnight into the next day.</summary>
    public bool CrossesMidnight => EndMinute <= StartMinute;

    /// <summary>Parses "HH:MM" (00:00 to 24:00) to minutes; false when malformed.</summary>
    public static bool TryParseTime(string text, out int minutes)
    {
        minutes = 0;
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4])) return false;
        var h = (text[0] - '0') * 10 + (text[1] - '0');
        var m = (text[3] - '0') * 10 + (text[4] - '0');
        if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
        minutes = h * 60 + m;
        return true;
    }
}

/// <summary>A holiday: closed all day, or open only within <see cref="Ranges"/>.</summary>
/// <param name="Date">The local date, YYYY-MM-DD.</param>
/// <param name="Name">What the holiday is called.</param>
/// <param name="Ranges">Open ranges on that day, or null for closed all day.</param>
public sealed record Holiday(string Date, string Name, IReadOnlyList<TimeRange>? Ranges);

/// <summary>
/// A weekly schedule in one IANA time zone with holidays. Evaluated in the zone's local time at
/// the moment asked, so daylight-saving changes need no special handling: 09:00 is 09:00 on the wall.
/// </summary>
public sealed class BusinessHours
{
    private readonly DateTimeZone _zone;
    private readonly IReadOnlyList<TimeRange>[] _week; // index: ISO day 1 (Monday) .. 7, stored at [day-1]
    private readonly Dictionary<LocalDate, Holiday> _holidays;

    /// <summary>Creates a schedule.</summary>
    /// <param name="timeZone">An IANA id (validated by the compiler).</param>
    /// <param name="week">Ranges for Monday (index 0) to Sunday (index 6).</param>
    /// <param name="holidays">Holidays by local date.</param>
    public BusinessHours(string timeZone, IReadOnlyList<IReadOnlyList<TimeRange>> week, IReadOnlyList<Holiday> holidays)
    {
        _zone = DateTimeZoneProviders.Tzdb[timeZone];
        if (week.Count != 7) throw new ArgumentException("A week has seven days.", nameof(week));
        _week = week.ToArray();
        _holidays = holidays.ToDictionary(h => ParseDate(h.Date)!.Value);
        TimeZone = timeZone;
    }

    /// <summary>The IANA time zone id.</summary>
    public string TimeZone { get; }

    /// <summary>True when the IANA id is known to the embedded time zone database.</summary>
    public static bool IsKnownTimeZone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    /// <summary>All known IANA ids (for "did you mean").</summary>
    public static IReadOnlyCollection<string> KnownTimeZones => DateTimeZoneProviders.Tzdb.Ids;

    /// <summary>Parses YYYY-MM-DD; null when it is not a real date.</summary>
    public static LocalDate? ParseDate(string text)
    {
        var result = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        return result.Success && text.Length == 10 ? result.Value : null;
    }

    /// <summary>Decides the output at an instant.</summary>
    public BusinessHoursResult Evaluate(DateTimeOffset utcNow)
    {
        var local = Instant.FromDateTimeOffset(utcNow).InZone(_zone).LocalDateTime;
        var minute = local.Hour * 60 + local.Minute;
        if (_holidays.TryGetValue(local.Date, out var holiday))
        {
            return holiday.Ranges is not null && holiday.Ranges.Any(r => Within(r, minute))
                ? BusinessHoursResult.InHours
                : BusinessHoursResult.Holiday;
        }

        var today = _week[(int)local.DayOfWeek - 1];
        if (today.Any(r => Within(r, minute))) return BusinessHoursResult.InHours;

        // Yesterday's ranges that cross midnight cover the early hours of today.
        var yesterday = _week[((int)local.DayOfWeek + 5) % 7];
        return yesterday.Any(r => r.CrossesMidnight && minute < r.EndMinute)
            ? BusinessHoursResult.InHours
            : BusinessHoursResult.OutOfHours;
    }

    private static bool Within(TimeRange r, int minute) =>
        r.CrossesMidnight ? minute >= r.StartMinute : minute >= r.StartMinute && minute < r.EndMinute;
}
