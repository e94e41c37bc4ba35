using System.Text.Json;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>
/// The type of a config value: it checks a JSON value (reporting located diagnostics), turns it
/// into a typed value, and describes itself in JSON Schema.
/// </summary>
public abstract class FieldType
{
    /// <summary>Writes this type's schema keywords into the current JSON object.</summary>
    public abstract void WriteSchema(Utf8JsonWriter writer);

    /// <summary>Binds a value; returns null (after reporting) when it is invalid.</summary>
    public abstract object? Bind(JsonNode value, string name, BindContext context);

    /// <summary>Reports a wrong JSON type and marks the node as erroneous; returns null for convenience.</summary>
    protected static object? WrongType(JsonNode value, string name, BindContext context, string expected)
    {
        context.Diagnostics.ReportWrongType(value, context.NodeId, name, expected);
        context.HasErrors = true;
        return null;
    }

    /// <summary>Marks the node as erroneous after a finding was reported; returns null for convenience.</summary>
    protected static object? Failed(BindContext context)
    {
        context.HasErrors = true;
        return null;
    }
}

/// <summary>
/// A field type whose <see cref="FieldType.Bind"/> gives a <typeparamref name="T"/> (or null after an
/// error): what lets <see cref="Field"/> declare typed fields. <c>FieldTypeBindingTests</c> checks the
/// promise against what each node type's fields really bind to.
/// </summary>
public abstract class FieldType<T> : FieldType;
