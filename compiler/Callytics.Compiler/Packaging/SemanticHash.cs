using System.Security.Cryptography;
using System.Text;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Packaging;

/// <summary>
/// The flow's meaning as canonical JSON, and its sha256. Layout, <c>$schema</c> and <c>x-</c> keys
/// are left out (moving a node is not a new version); key order is kept because it can carry
/// meaning (set_variable assigns in order). Whitespace and string escapes are normalized.
/// </summary>
public static class SemanticHash
{
    private static readonly HashSet<string> Ignored = ["layout", "$schema"];

    /// <summary>The canonical semantic JSON of a flow document.</summary>
    public static string CanonicalJson(JsonObject root)
    {
        var sb = new StringBuilder();
        Write(root, sb, topLevel: true);
        return sb.ToString();
    }

    /// <summary>sha256 (lower-case hex) of the canonical semantic JSON.</summary>
    public static string Compute(JsonObject root) => Sha256(CanonicalJson(root));

    /// <summary>sha256 (lower-case hex) of UTF-8 text.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Write(JsonNode node, StringBuilder sb, bool topLevel = false)
    {
        switch (node)
        {
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var p in obj.Properties)
                {
                    if (p.Key!.StartsWith("x-", StringComparison.Ordinal) || (topLevel && Ignored.Contains(p.Key))) continue;
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonText.Quote(p.Key)).Append(':');
                    Write(p, sb);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(array.Items[i], sb);
                }
                sb.Append(']');
                break;
            case JsonString s: sb.Append(JsonText.Quote(s.Value)); break;
            case JsonNumber n: sb.Append(n.Text); break;
            case JsonBoolean b: sb.Append(b.Value ? "true" : "false"); break;
            default: sb.Append("null"); break;
        }
    }
}
