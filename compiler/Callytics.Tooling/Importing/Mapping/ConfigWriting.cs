using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Writes flow-language config values, leaving out what the source did not set (the defaults then apply).</summary>
public static class ConfigWriting
{
    /// <summary>Sets <paramref name="key"/> when <paramref name="value"/> is not null.</summary>
    public static Out.JsonObject Put(this Out.JsonObject target, string key, Out.JsonNode? value)
    {
        if (value is not null) target[key] = value;
        return target;
    }

    /// <summary>Sets text when present.</summary>
    public static Out.JsonObject Put(this Out.JsonObject target, string key, string? value) =>
        target.Put(key, value is null ? null : Out.JsonValue.Create(value));

    /// <summary>Sets a number when present.</summary>
    public static Out.JsonObject Put(this Out.JsonObject target, string key, long? value) =>
        target.Put(key, value is null ? null : Out.JsonValue.Create(value.Value));

    /// <summary>Sets a boolean when present.</summary>
    public static Out.JsonObject Put(this Out.JsonObject target, string key, bool? value) =>
        target.Put(key, value is null ? null : Out.JsonValue.Create(value.Value));

    /// <summary>Seconds to milliseconds (exports count in seconds, the flow language in ms).</summary>
    public static long? SecondsToMs(long? seconds) => seconds is null ? null : checked(Math.Clamp(seconds.Value, -1_000_000_000L, 1_000_000_000L) * 1000);
}
