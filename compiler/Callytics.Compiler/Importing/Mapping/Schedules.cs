using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// Turns the schedule lists of exports (entries of a day or days with an opening and a closing
/// time) into the weekly schedule of <c>business_hours</c>, and holiday lists into <c>holidays</c>.
/// </summary>
public static class Schedules
{
    /// <summary>The day keys the binder reads, Monday first.</summary>
    private static readonly string[] Week = Binding.Fields.ScheduleField.Days;

    /// <summary>Reads the list under <paramref name="key"/>; each entry has <c>day</c> or <c>days</c> and the two time keys.</summary>
    public static Out.JsonObject? Read(ConfigReader source, string key, string startKey, string endKey)
    {
        var list = source.Array(key);
        if (list is null) return null;
        var byDay = Week.ToDictionary(d => d, _ => new Out.JsonArray());
        foreach (var item in list.Items)
        {
            if (item is not JsonObject entry) { source.Unmapped(item); continue; }
            var reader = source.Nested(entry);
            var days = Days(reader);
            var start = reader.String(startKey);
            var end = reader.String(endKey);
            if (reader.Boolean("closed") is true || reader.Boolean("enabled") is false) start = end = null;
            reader.Finish();
            if (start is null || end is null) continue;
            foreach (var day in days) byDay[day].Add(new Out.JsonObject { ["start"] = start, ["end"] = end });
        }
        var schedule = new Out.JsonObject();
        foreach (var day in Week)
            if (byDay[day].Count > 0) schedule[day] = byDay[day];
        return schedule;
    }

    /// <summary>Reads holidays: a list of dates, or of objects with <c>date</c> and <c>name</c>.</summary>
    public static Out.JsonArray? Holidays(ConfigReader source, string key)
    {
        var list = source.Array(key);
        if (list is null) return null;
        var holidays = new Out.JsonArray();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case JsonString date:
                    holidays.Add(new Out.JsonObject { ["date"] = date.Value, ["name"] = "Holiday" });
                    break;
                case JsonObject entry:
                    var reader = source.Nested(entry);
                    var day = reader.String("date");
                    var name = reader.String("name") ?? "Holiday";
                    reader.Finish();
                    if (day is not null) holidays.Add(new Out.JsonObject { ["date"] = day, ["name"] = name });
                    break;
                default:
                    source.Unmapped(item);
                    break;
            }
        }
        return holidays;
    }

    private static List<string> Days(ConfigReader entry)
    {
        var names = new List<JsonNode>();
        if (entry.Take("day") is { } one) names.Add(one);
        if (entry.Array("days") is { } many) names.AddRange(many.Items);
        var days = new List<string>();
        foreach (var name in names)
        {
            if (name is JsonString s && DayName(s.Value) is { } day) days.Add(day);
            else entry.Unmapped(name);
        }
        return days;
    }

    /// <summary>"Mon", "monday", "MONDAY" → "monday"; null when it is no day.</summary>
    private static string? DayName(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        return t.Length >= 3 ? Week.FirstOrDefault(d => d.StartsWith(t, StringComparison.Ordinal)) : null;
    }
}
