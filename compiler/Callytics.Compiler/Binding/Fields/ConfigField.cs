namespace Callytics.Compiler.Binding.Fields;

/// <summary>
/// One config property of a node type, declared once: its name, type, default and description.
/// The binder, the diagnostics and the generated JSON Schema (which the web editor reads for its
/// forms and hover help) all come from this declaration.
/// </summary>
/// <param name="Name">The JSON property name.</param>
/// <param name="Type">How values are checked and bound.</param>
/// <param name="Description">Help text (shown by editors).</param>
/// <param name="Required">True when the node is invalid without it.</param>
/// <param name="Default">The default (int, bool, string or null), written to the schema as <c>default</c>.</param>
public sealed record ConfigField(string Name, FieldType Type, string Description, bool Required = false, object? Default = null);
