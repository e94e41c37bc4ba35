using System.Text;
using System.Text.Json;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>Where a template is used, which decides its checks and escaping.</summary>
public enum TemplateUse
{
    /// <summary>A URL: absolute http(s); variables may not form the scheme or host; values are percent-encoded.</summary>
    Url,
    /// <summary>A request body: values escaped by its content type (JSON, form, else as is; see HttpBodies).</summary>
    Body,
    /// <summary>A plain value (set_variable).</summary>
    Plain,
}

/// <summary>A string with <c>{{variable}}</c> placeholders; binds to a runtime <see cref="Template"/>.</summary>
public sealed class TemplateField(TemplateUse use) : FieldType<Template>
{
    /// <summary>Where the template is used.</summary>
    public TemplateUse Use { get; } = use;

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "string");
        if (Use == TemplateUse.Url)
        {
            writer.WriteString("format", "uri-template");
            writer.WriteString("pattern", "^https?://[^{}/?#]+([/?#].*)?$");
        }
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonString s) return WrongType(value, name, context, "a string");
        var template = BindTemplate(s, context);
        if (template is null) return null;
        if (Use == TemplateUse.Url && !CheckUrl(s, template, context))
        {
            // A URL that is already an error (CFL1014, CFL1021) is not analysed further: no CFL3003 on top.
            context.Facts.Reads.RemoveAll(r => ReferenceEquals(r.Syntax, s));
            return Failed(context);
        }
        return template;
    }

    /// <summary>Parses a template string, noting the variables it reads.</summary>
    internal static Template? BindTemplate(JsonString s, BindContext context)
    {
        if (!Template.TryParse(s.Value, out var template, out var error))
        {
            context.Diagnostics.ReportInvalidTemplate(s, context.NodeId, error);
            context.HasErrors = true;
            return null;
        }
        foreach (var variable in template.Variables)
            context.Facts.Reads.Add(new VariableUse(variable, s));
        return template;
    }

    private static bool CheckUrl(JsonString s, Template template, BindContext context)
    {
        if (!template.IsLiteral && !AuthorityIsLiteral(template.LiteralPrefix))
        {
            context.Diagnostics.ReportTemplateInUrlAuthority(s, context.NodeId, s.Value);
            return false;
        }
        // Fill placeholders with a harmless value to validate the URL's shape.
        var probe = System.Text.RegularExpressions.Regex.Replace(s.Value, @"\{\{[^}]*\}\}", "x");
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || probe.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            context.Diagnostics.ReportInvalidUrl(s, context.NodeId, s.Value);
            return false;
        }
        return true;
    }

    /// <summary>True when the text before the first placeholder already holds scheme, host and port, ended by / ? or #.</summary>
    private static bool AuthorityIsLiteral(string prefix)
    {
        var schemeEnd = prefix.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return false;
        var rest = prefix[(schemeEnd + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end > 0;
    }
}

/// <summary>HTTP headers: an object of header name → template (values with CR/LF are refused at run time).</summary>
public sealed class HeadersField : FieldType<IReadOnlyList<KeyValuePair<string, Template>>>
{
    /// <summary>The one instance.</summary>
    public static readonly HeadersField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        // patternProperties + additionalProperties: false rather than propertyNames, which NJsonSchema does not check.
        w.WriteStartObject("patternProperties");
        w.WriteStartObject("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"); w.WriteString("type", "string"); w.WriteEndObject();
        w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "an object of header names and values");
        var headers = new List<KeyValuePair<string, Template>>();
        foreach (var header in obj.Properties)
        {
            if (!IsToken(header.Key!)) { context.Diagnostics.ReportInvalidHeaderName(header, context.NodeId); Failed(context); continue; }
            if (header is not JsonString s) { WrongType(header, header.Key!, context, "a string"); continue; }
            if (TemplateField.BindTemplate(s, context) is { } template) headers.Add(new(header.Key!, template));
        }
        return headers;
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}

/// <summary>An object of variable → value: <c>assign</c> (templates) or <c>extract</c> (JSONPaths).</summary>
public sealed class VariableMapField(bool extract) : FieldType<IReadOnlyList<KeyValuePair<string, object>>>
{
    /// <summary>set_variable's assign: variable → template.</summary>
    public static readonly VariableMapField Assign = new(extract: false);

    /// <summary>http_request's extract: variable → JSONPath.</summary>
    public static readonly VariableMapField Extract = new(extract: true);

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteStartObject("patternProperties");
        w.WriteStartObject("^[a-z_][a-z0-9_]{0,63}$");
        w.WriteString("type", "string");
        if (extract) w.WriteString("pattern", "^\\$");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "an object of variable names and values");
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var entry in obj.Properties)
        {
            var variable = entry.Key!;
            if (!VariableNames.IsValid(variable))
            {
                context.Diagnostics.ReportInvalidVariableName(entry.KeyStart, entry.Pointer, context.NodeId, variable);
                Failed(context);
                continue;
            }
            if (entry is not JsonString s) { WrongType(entry, variable, context, "a string"); continue; }
            object? bound;
            if (extract)
            {
                if (!JsonPathExpression.TryParse(s.Value, out var path)) { context.Diagnostics.ReportInvalidJsonPath(s, context.NodeId, s.Value); Failed(context); continue; }
                bound = path;
            }
            else
            {
                bound = TemplateField.BindTemplate(s, context);
                if (bound is null) continue;
            }
            context.Facts.Writes.Add(new VariableUse(variable, entry));
            entries.Add(new(variable, bound));
        }
        return entries;
    }
}

/// <summary>
/// A webhook payload: any JSON value whose keys and strings are templates. Binds to a <see cref="Template"/>
/// over the payload's compact JSON text, rendered with JSON escaping.
/// </summary>
public sealed class PayloadField : FieldType<Template>
{
    /// <summary>The one instance.</summary>
    public static readonly PayloadField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w) { }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        var ok = true;
        var sb = new StringBuilder();
        Write(value, sb, context, ref ok);
        if (!ok) return Failed(context);
        // Each piece was parsed on its own and is written back in canonical form, so the whole text parses to
        // the same placeholders; checked rather than assumed, because a throw here would take the toolchain down.
        if (!Template.TryParse(sb.ToString(), out var template, out var error))
        {
            context.Diagnostics.ReportInvalidTemplate(value, context.NodeId, error);
            return Failed(context);
        }
        return template;
    }

    private static void Write(JsonNode node, StringBuilder sb, BindContext context, ref bool ok)
    {
        switch (node)
        {
            case JsonObject obj:
                sb.Append('{');
                for (var i = 0; i < obj.Properties.Count; i++)
                {
                    var property = obj.Properties[i];
                    if (i > 0) sb.Append(',');
                    if (!Template.TryParse(property.Key!, out var key, out var error))
                    {
                        context.Diagnostics.ReportInvalidTemplateInKey(property, context.NodeId, error);
                        ok = false;
                        continue;
                    }
                    foreach (var variable in key.Variables)
                        context.Facts.Reads.Add(new VariableUse(variable, property));
                    AppendQuoted(sb, key);
                    sb.Append(':');
                    Write(property, sb, context, ref ok);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(array.Items[i], sb, context, ref ok);
                }
                sb.Append(']');
                break;
            case JsonString s:
                if (TemplateField.BindTemplate(s, context) is not { } template) { ok = false; return; }
                AppendQuoted(sb, template);
                break;
            case JsonNumber n: sb.Append(n.Text); break;
            case JsonBoolean b: sb.Append(b.Value ? "true" : "false"); break;
            default: sb.Append("null"); break;
        }
    }

    /// <summary>
    /// Writes a template as a JSON string: literal parts escaped now, placeholders as <c>{{name}}</c> for the
    /// runtime to fill (escaped then). Written from the parsed parts, not the source text, because escaping
    /// the source could change a placeholder (<c>{{&#9;name}}</c> becomes <c>{{\tname}}</c>).
    /// </summary>
    private static void AppendQuoted(StringBuilder sb, Template template)
    {
        sb.Append('"');
        for (var k = 0; k < template.Variables.Count; k++)
        {
            JsonText.AppendEscaped(sb, template.Literals[k]);
            sb.Append("{{").Append(template.Variables[k]).Append("}}");
        }
        JsonText.AppendEscaped(sb, template.Literals[^1]);
        sb.Append('"');
    }
}
