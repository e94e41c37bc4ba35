namespace Callytics.Compiler.Binding.Fields;

/// <summary>
/// One config property of a node type, declared once: its name, type, default and description.
/// The binder, the diagnostics and the generated JSON Schema (which the web editor reads for its
/// forms and hover help) all come from this declaration. Node types declare each field as a
/// <see cref="ConfigField{T}"/> and read its bound value with <see cref="ConfigValues.Get{T}(ConfigField{T})"/>,
/// so a misspelt field or a wrong value type is a compile error, not a default bound in silence.
/// </summary>
/// <param name="Name">The JSON property name.</param>
/// <param name="Type">How values are checked and bound.</param>
/// <param name="Description">Help text (shown by editors).</param>
/// <param name="Required">True when the node is invalid without it.</param>
/// <param name="Default">The default (int, bool, string or null), written to the schema as <c>default</c>.</param>
public abstract record ConfigField(string Name, FieldType Type, string Description, bool Required = false, object? Default = null);

/// <summary>A config field whose bound value (or default) is a <typeparamref name="T"/>.</summary>
/// <inheritdoc cref="ConfigField"/>
public sealed record ConfigField<T>(string Name, FieldType Type, string Description, bool Required = false, object? Default = null)
    : ConfigField(Name, Type, Description, Required, Default);
