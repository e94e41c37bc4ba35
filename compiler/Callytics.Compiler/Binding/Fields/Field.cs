using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>Short constructors for the field declarations of node types, so each declaration reads as one line.</summary>
public static class Field
{
    /// <summary>Timeouts in milliseconds: 100 ms to 10 minutes unless said otherwise.</summary>
    public static ConfigField<int> Milliseconds(string name, string description, int @default, int min = 100, int max = 600_000) =>
        new(name, new IntegerField(min, max), description, Default: @default);

    /// <summary>A timeout in milliseconds without a default of its own (null when not written: the flow's, or none).</summary>
    public static ConfigField<int?> MillisecondsOrNull(string name, string description, int min = 100, int max = 600_000) =>
        new(name, new IntegerField(min, max), description);

    /// <summary>A whole number in a range.</summary>
    public static ConfigField<int> Integer(string name, string description, int @default, int min, int max) =>
        new(name, new IntegerField(min, max), description, Default: @default);

    /// <summary>A whole number in a range, null when not written.</summary>
    public static ConfigField<int?> IntegerOrNull(string name, string description, int min, int max) =>
        new(name, new IntegerField(min, max), description);

    /// <summary>A boolean.</summary>
    public static ConfigField<bool> Boolean(string name, string description, bool @default) =>
        new(name, BooleanField.Instance, description, Default: @default);

    /// <summary>One of a set of strings; required when there is no default.</summary>
    public static ConfigField<string> Choice(string name, string description, string? @default, params string[] values) =>
        new(name, new EnumField(values), description, Required: @default is null, Default: @default);

    /// <summary>A prompt (null when not written).</summary>
    public static ConfigField<Prompt?> Prompt(string name, string description, bool required = false) =>
        new(name, PromptField.Instance, description, Required: required);

    /// <summary>A required field of any type.</summary>
    public static ConfigField<T> Required<T>(string name, FieldType<T> type, string description) =>
        new(name, type, description, Required: true);

    /// <summary>An optional field of any type (its default, or null, when not written).</summary>
    public static ConfigField<T?> Optional<T>(string name, FieldType<T> type, string description, object? @default = null) =>
        new(name, type, description, Default: @default);
}
