using System.Text.Json;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>An IANA time zone id, checked against the embedded tz database.</summary>
public sealed class TimeZoneField : FieldType<string>
{
    /// <summary>The one instance.</summary>
    public static readonly TimeZoneField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "string");
        writer.WriteNumber("minLength", 1);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonString s) return WrongType(value, name, context, "an IANA time zone id");
        if (BusinessHours.IsKnownTimeZone(s.Value)) return s.Value;
        context.Diagnostics.ReportInvalidTimeZone(value, context.NodeId, s.Value, BusinessHours.KnownTimeZones);
        return Failed(context);
    }
}

/// <summary>Shared parsing of <c>{ "start": "HH:MM", "end": "HH:MM" }</c> range lists.</summary>
public static class TimeRanges
{
    /// <summary>Writes an array-of-ranges schema.</summary>
    public static void WriteRangeList(Utf8JsonWriter w)
    {
        w.WriteString("type", "array");
        w.WriteStartObject("items"); w.WriteString("$ref", "#/definitions/timeRange"); w.WriteEndObject();
    }

    /// <summary>Writes the shared <c>timeRange</c> definition.</summary>
    public static void WriteDefinition(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteString("description", "An open period of a day. An end at or before its start crosses midnight into the next day; end may be 24:00.");
        w.WriteStartObject("properties");
        foreach (var key in new[] { "start", "end" })
        {
            w.WriteStartObject(key);
            w.WriteString("type", "string");
            w.WriteString("pattern", "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$");
            w.WriteString("description", key == "start" ? "Opening time, HH:MM." : "Closing time, HH:MM (24:00 for midnight).");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("required"); w.WriteStringValue("start"); w.WriteStringValue("end"); w.WriteEndArray();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }

    /// <summary>Binds a list of ranges; null (after reporting) when it is not an array.</summary>
    public static List<TimeRange>? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonArray array)
        {
            context.Diagnostics.ReportWrongType(value, context.NodeId, name, "an array of time ranges");
            context.HasErrors = true;
            return null;
        }
        var ranges = new List<TimeRange>();
        foreach (var item in array.Items)
        {
            if (item is not JsonObject range)
            {
                context.Diagnostics.ReportWrongType(item, context.NodeId, name, "a time range object");
                context.HasErrors = true;
                continue;
            }
            if (!ObjectShape.Check(range, "time range", ["start", "end"], [], context)) continue;
            var start = Time(range, "start", context);
            var end = Time(range, "end", context);
            if (start is null || end is null) continue;
            if (start == 24 * 60)
            {
                context.Diagnostics.ReportInvalidTime(range["start"]!, context.NodeId, "24:00");
                context.HasErrors = true;
                continue;
            }
            ranges.Add(new TimeRange(start.Value, end.Value));
        }
        return ranges;
    }

    private static int? Time(JsonObject range, string key, BindContext context)
    {
        var text = ObjectShape.String(range, key, key, context);
        if (text is null) return null;
        if (TimeRange.TryParseTime(text, out var minutes)) return minutes;
        context.Diagnostics.ReportInvalidTime(range[key]!, context.NodeId, text);
        context.HasErrors = true;
        return null;
    }
}

/// <summary>A weekly schedule: <c>monday</c> … <c>sunday</c>, each a list of ranges. Binds to seven range lists, Monday first.</summary>
public sealed class ScheduleField : FieldType<IReadOnlyList<IReadOnlyList<TimeRange>>>
{
    /// <summary>The one instance.</summary>
    public static readonly ScheduleField Instance = new();

    /// <summary>The day keys, Monday first (ISO order).</summary>
    public static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var day in Days)
        {
            w.WriteStartObject(day);
            TimeRanges.WriteRangeList(w);
            w.WriteString("description", $"Open ranges on {char.ToUpperInvariant(day[0])}{day[1..]}s (empty or absent: closed).");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "an object with monday…sunday");
        ObjectShape.Check(obj, name, [], Days, context);
        var week = new List<IReadOnlyList<TimeRange>>();
        foreach (var day in Days)
            week.Add(obj[day] is { } list ? TimeRanges.Bind(list, day, context) ?? [] : []);
        return week;
    }
}

/// <summary>Holidays: a list of <c>{ date, name, ranges? }</c>.</summary>
public sealed class HolidaysField : FieldType<IReadOnlyList<Holiday>>
{
    /// <summary>The one instance.</summary>
    public static readonly HolidaysField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("date"); w.WriteString("type", "string"); w.WriteString("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"); w.WriteString("description", "The local date, YYYY-MM-DD."); w.WriteEndObject();
        w.WriteStartObject("name"); w.WriteString("type", "string"); w.WriteString("description", "What the holiday is called."); w.WriteEndObject();
        w.WriteStartObject("ranges"); TimeRanges.WriteRangeList(w); w.WriteString("description", "Open only in these ranges; absent: closed all day."); w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("required"); w.WriteStringValue("date"); w.WriteStringValue("name"); w.WriteEndArray();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonArray array) return WrongType(value, name, context, "an array of holidays");
        var result = new List<Holiday>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            if (item is not JsonObject obj)
            {
                WrongType(item, name, context, "a holiday object");
                continue;
            }
            if (!ObjectShape.Check(obj, "holiday", ["date", "name"], ["ranges"], context)) continue;
            var date = ObjectShape.String(obj, "date", "date", context);
            var holidayName = ObjectShape.String(obj, "name", "name", context);
            if (date is null || holidayName is null) continue;
            if (BusinessHours.ParseDate(date) is null)
            {
                context.Diagnostics.ReportInvalidDate(obj["date"]!, context.NodeId, date);
                Failed(context);
                continue;
            }
            if (!seen.Add(date))
            {
                context.Diagnostics.ReportDuplicateHoliday(obj["date"]!, context.NodeId, date);
                Failed(context);
                continue;
            }
            var ranges = obj["ranges"] is { } r ? TimeRanges.Bind(r, "ranges", context) : null;
            result.Add(new Holiday(date, holidayName, ranges));
        }
        return result;
    }
}
