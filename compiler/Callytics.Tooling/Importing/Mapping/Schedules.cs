using System.Globalization;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Helpers;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// Turns the two products' opening hours into the weekly schedule of <c>business_hours</c>
/// (ranges per day, end exclusive, "24:00" allowed), keeping each product's reading of a time:
/// Callytics opens up to and including the closing minute, Whatomate up to it; neither crosses
/// midnight, so a range that would is closed that day (and reported).
/// </summary>
public static class Schedules
{
    private const int MinutesPerDay = 24 * 60;

    /// <summary>The day keys the binder reads, Monday first.</summary>
    private static readonly string[] Days = Binding.Fields.ScheduleField.Days;

    /// <summary>
    /// Callytics: <c>schedule</c> is an object keyed by lower-case day name, each
    /// <c>{ enabled, open, close }</c>; a day is open when enabled and open ≤ now ≤ close
    /// (stasis/src/executors/business_hours.executor.ts:71-80: the closing minute is inclusive,
    /// close ≤ open is closed all day, a time that is not HH:MM is closed).
    /// </summary>
    public static Out.JsonObject? CallyticsWeek(ConfigReader source, string key)
    {
        if (source.Object(key) is not { } schedule) return null;
        var week = new Week();
        foreach (var entry in schedule.Properties)
        {
            if (!Days.Contains(entry.Key!) || entry is not JsonObject day) { source.Unmapped(entry); continue; }
            var reader = source.Nested(day);
            var enabled = reader.Boolean("enabled");
            var open = reader.Take("open");
            var close = reader.Take("close");
            reader.Finish();
            if (enabled is not true) continue;
            var from = Minutes(open, twoDigitHours: true);
            var to = Minutes(close, twoDigitHours: true);
            if (from is null || to is null) { Closed(source, open ?? close ?? entry, entry.Key!, "its times are not HH:MM, which Callytics reads as closed"); continue; }
            if (to <= from) { Closed(source, close!, entry.Key!, "Callytics does not cross midnight: a closing time at or before the opening time is closed all day"); continue; }
            week.Open(entry.Key!, from.Value, to.Value + 1);
        }
        return week.ToJson();
    }

    /// <summary>
    /// Whatomate: <c>schedule</c> is a list of <c>{ day, enabled, start_time, end_time }</c>; the
    /// first entry for today decides, open when enabled and start ≤ now &lt; end
    /// (internal/calling/ivr.go, <c>executeTiming</c>: end exclusive, no midnight crossing, a day
    /// without an entry or with a bad time is out of hours).
    /// </summary>
    public static Out.JsonObject? WhatomateWeek(ConfigReader source, string key)
    {
        if (source.Array(key) is not { } list) return null;
        var week = new Week();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not JsonObject entry) { source.Unmapped(item); continue; }
            var reader = source.Nested(entry);
            var daySyntax = reader.Take("day");
            var enabled = reader.Boolean("enabled");
            var start = reader.Take("start_time");
            var end = reader.Take("end_time");
            reader.Finish();
            var day = daySyntax is JsonString s ? Days.FirstOrDefault(d => string.Equals(d, s.Value, StringComparison.OrdinalIgnoreCase)) : null;
            if (day is null) { source.Unmapped(daySyntax ?? entry); continue; }
            if (!seen.Add(day)) { source.Adapted(daySyntax!, key, $"Whatomate uses only the first entry for {day}; this one never applies"); continue; }
            if (enabled is not true) continue;
            var from = Minutes(start, twoDigitHours: false);
            var to = Minutes(end, twoDigitHours: false);
            if (from is null || to is null) { Closed(source, start ?? end ?? entry, day, "its times are not HH:MM, which Whatomate reads as out of hours"); continue; }
            if (to <= from) { Closed(source, end!, day, "Whatomate does not cross midnight: an end at or before the start is out of hours all day"); continue; }
            week.Open(day, from.Value, to.Value);
        }
        return week.ToJson();
    }

    private static void Closed(ConfigReader source, JsonNode at, string day, string why) =>
        source.Adapted(at, "schedule", $"{day} is imported as closed: {why}");

    /// <summary>"09:30" → 570; null when it is not a time of day (hours 0-23). Whatomate also reads "9:30".</summary>
    private static int? Minutes(JsonNode? value, bool twoDigitHours)
    {
        if (value is not JsonString { Value: var text }) return null;
        text = text.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 2 || (twoDigitHours && colon != 2) || text.Length != colon + 3) return null;
        if (!int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        return h <= 23 && m <= 59 ? h * 60 + m : null;
    }

    /// <summary>True when <paramref name="zone"/> is an IANA id the runtime knows.</summary>
    public static bool IsTimeZone(string? zone) => !string.IsNullOrWhiteSpace(zone) && BusinessHours.IsKnownTimeZone(zone);

    /// <summary>Open ranges by day, written in the flow language's form.</summary>
    private sealed class Week
    {
        private readonly Dictionary<string, Out.JsonArray> _days = new(StringComparer.Ordinal);

        public void Open(string day, int start, int end)
        {
            if (!_days.TryGetValue(day, out var ranges)) _days[day] = ranges = [];
            ranges.Add(new Out.JsonObject { ["start"] = Time(start), ["end"] = Time(Math.Min(end, MinutesPerDay)) });
        }

        public Out.JsonObject ToJson()
        {
            var schedule = new Out.JsonObject();
            foreach (var day in Days)
                if (_days.TryGetValue(day, out var ranges)) schedule[day] = ranges;
            return schedule;
        }

        private static string Time(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
    }
}
