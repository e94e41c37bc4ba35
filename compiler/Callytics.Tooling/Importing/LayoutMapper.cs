using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing;

/// <summary>Reads canvas positions from exports; they become the flow's <c>layout</c>.</summary>
public static class LayoutMapper
{
    /// <summary>From two number keys of the node object (Callytics' positionX / positionY).</summary>
    public static LayoutPoint? FromCoordinates(ConfigReader node, string xKey, string yKey) =>
        Point(node, node.Take(xKey), node.Take(yKey));

    /// <summary>From a <c>{ x, y }</c> object under <paramref name="key"/> (Whatomate's position).</summary>
    public static LayoutPoint? FromObject(ConfigReader node, string key)
    {
        if (node.Object(key) is not { } position) return null;
        var reader = node.Nested(position);
        var point = Point(reader, reader.Take("x"), reader.Take("y"));
        reader.Finish();
        return point;
    }

    private static LayoutPoint? Point(ConfigReader reporter, JsonNode? x, JsonNode? y)
    {
        if (x is null && y is null) return null;
        if (x is JsonNumber nx && y is JsonNumber ny && double.IsFinite(nx.ToDouble()) && double.IsFinite(ny.ToDouble()))
            return new LayoutPoint(Math.Round(nx.ToDouble(), 2), Math.Round(ny.ToDouble(), 2));
        // Half a position, or text where numbers belong: the editor places the node itself.
        foreach (var part in new[] { x, y })
            if (part is not null) reporter.Unmapped(part);
        return null;
    }
}
