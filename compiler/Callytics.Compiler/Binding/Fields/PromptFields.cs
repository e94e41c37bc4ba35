using System.Text.Json;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>A prompt: exactly one of <c>audio</c>, <c>sound</c> or <c>tts</c> (with optional <c>voice</c>).</summary>
public sealed class PromptField : FieldType<Prompt>
{
    /// <summary>The one instance.</summary>
    public static readonly PromptField Instance = new();

    private static readonly string[] Optional = ["audio", "sound", "tts", "voice"];

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer) => writer.WriteString("$ref", "#/definitions/prompt");

    /// <summary>Writes the shared <c>prompt</c> definition.</summary>
    public static void WriteDefinition(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteString("description", "Exactly one of: an audio-library id, a sound already on the Asterisk server, or text spoken by TTS (rendered at publish time).");
        w.WriteStartObject("properties");
        w.WriteStartObject("audio"); w.WriteString("type", "string"); w.WriteString("pattern", "^[A-Za-z0-9_.-]{1,64}$"); w.WriteString("description", "An id in the audio library (the catalog maps it to a sound path)."); w.WriteEndObject();
        w.WriteStartObject("sound"); w.WriteString("type", "string"); w.WriteNumber("minLength", 1); w.WriteString("description", "A sound already on the Asterisk server, played as sound:<name>."); w.WriteEndObject();
        w.WriteStartObject("tts"); w.WriteString("type", "string"); w.WriteNumber("minLength", 1); w.WriteString("description", "Text rendered to audio when the flow is published (cached by content hash)."); w.WriteEndObject();
        w.WriteStartObject("voice"); w.WriteString("type", "string"); w.WriteString("pattern", "^[A-Za-z0-9_.-]{1,64}$"); w.WriteString("description", "The TTS voice, e.g. en-us (tts prompts only)."); w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
        w.WriteStartArray("oneOf");
        foreach (var key in new[] { "audio", "sound", "tts" })
        {
            w.WriteStartObject();
            w.WriteStartArray("required"); w.WriteStringValue(key); w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "a prompt object");
        if (!ObjectShape.Check(obj, name, [], Optional, context)) return null;
        var kinds = new[] { "audio", "sound", "tts" }.Where(k => obj[k] is not null).ToArray();
        if (kinds.Length != 1)
        {
            context.Diagnostics.ReportInvalidPrompt(value, context.NodeId, kinds.Length == 0 ? "" : $" (it has {string.Join(" and ", kinds)})");
            return Failed(context);
        }
        var kind = kinds[0];
        if (obj["voice"] is not null && kind != "tts")
        {
            context.Diagnostics.ReportInvalidPrompt(obj["voice"]!, context.NodeId, " ('voice' goes with 'tts' only)");
            return Failed(context);
        }
        var text = ObjectShape.String(obj, kind, kind, context);
        if (text is null) return null;
        var valueNode = obj[kind]!;
        if (text.Length == 0) { context.Diagnostics.ReportEmptyString(valueNode, context.NodeId, kind); return Failed(context); }
        switch (kind)
        {
            case "audio":
                if (!Identifiers.IsReferenceId(text)) { context.Diagnostics.ReportInvalidReferenceId(valueNode, context.NodeId, text, "audio"); return Failed(context); }
                context.Facts.References.Add(new Reference(ReferenceKind.Audio, text, valueNode));
                return Prompt.Audio(text);
            case "sound":
                return Prompt.Sound(text);
            default:
                string? voice = null;
                if (obj["voice"] is { } v)
                {
                    voice = ObjectShape.String(obj, "voice", "voice", context);
                    if (voice is null) return null;
                    if (!Identifiers.IsReferenceId(voice)) { context.Diagnostics.ReportInvalidReferenceId(v, context.NodeId, voice, "voice"); return Failed(context); }
                }
                var tts = Prompt.Tts(text, voice);
                context.Facts.Speech.Add(new SpeechUse(tts, valueNode));
                return tts;
        }
    }
}

/// <summary>The hold treatment of a queue: "moh" or a prompt. Binds to a <see cref="Prompt"/>, or <see cref="Moh"/>.</summary>
public sealed class HoldField : FieldType<object>
{
    /// <summary>The one instance.</summary>
    public static readonly HoldField Instance = new();

    /// <summary>The bound value for music on hold.</summary>
    public const string Moh = "moh";

    /// <summary>A bound hold value as the queue node keeps it: a prompt, or null for music on hold.</summary>
    /// <exception cref="InvalidOperationException">The value is neither (a binder bug).</exception>
    public static Prompt? ToPrompt(object value) => value switch
    {
        Prompt prompt => prompt,
        Moh => null,
        _ => throw new InvalidOperationException($"A hold value is \"moh\" or a prompt, not {value}."),
    };

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("oneOf");
        writer.WriteStartObject(); writer.WriteString("type", "string"); writer.WriteStartArray("enum"); writer.WriteStringValue(Moh); writer.WriteEndArray(); writer.WriteEndObject();
        writer.WriteStartObject(); PromptField.Instance.WriteSchema(writer); writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is JsonString s)
        {
            if (s.Value == Moh) return Moh;
            context.Diagnostics.ReportInvalidEnumValue(value, context.NodeId, name, ["\"moh\"", "a prompt object"], s.Value);
            return Failed(context);
        }
        return value is JsonObject ? PromptField.Instance.Bind(value, name, context) : WrongType(value, name, context, "\"moh\" or a prompt object");
    }
}

/// <summary>A get_digits terminator: one key (0-9, *, #) or null for none.</summary>
public sealed class TerminatorField : FieldType<string>
{
    /// <summary>The one instance.</summary>
    public static readonly TerminatorField Instance = new();

    /// <summary>The bound value for "no terminator".</summary>
    public const string None = "";

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("type"); writer.WriteStringValue("string"); writer.WriteStringValue("null"); writer.WriteEndArray();
        writer.WriteString("pattern", "^[0-9*#]$");
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is JsonNull) return None;
        if (value is not JsonString s) return WrongType(value, name, context, "a key (0-9, * or #) or null");
        if (s.Value.Length == 1 && s.Value[0] is (>= '0' and <= '9') or '*' or '#') return s.Value;
        context.Diagnostics.ReportInvalidEnumValue(value, context.NodeId, name, ["0-9", "*", "#", "null"], s.Value);
        return Failed(context);
    }
}
