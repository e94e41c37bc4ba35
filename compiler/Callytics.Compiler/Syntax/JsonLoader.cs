using System.Text;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Compiler.Syntax;

/// <summary>Limits that keep hostile input from exhausting the checker.</summary>
/// <param name="MaxFileBytes">Larger files are refused unread (CFL0005).</param>
/// <param name="MaxDepth">Deeper nesting stops parsing (CFL0003); this also bounds recursion.</param>
/// <param name="MaxStringLength">Longer strings are reported (CFL0007).</param>
public sealed record LoadLimits(long MaxFileBytes = 16 * 1024 * 1024, int MaxDepth = 64, int MaxStringLength = 64 * 1024)
{
    /// <summary>The defaults.</summary>
    public static readonly LoadLimits Default = new();
}

/// <summary>A file after loading: its text, its JSON tree (null when unreadable), and the findings so far.</summary>
public sealed record LoadedDocument(SourceText Source, JsonNode? Root, DiagnosticBag Diagnostics);

/// <summary>
/// Reads flow files: checks size and UTF-8, then parses strict RFC 8259 JSON into
/// <see cref="JsonNode"/>s that remember where they came from. Parsing stops at the first syntax
/// error (one clear message beats a cascade); duplicate keys and long strings do not stop it.
/// </summary>
public static class JsonLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads a file from disk; a missing or unreadable file gives CFL0008, never an exception.</summary>
    public static LoadedDocument LoadFile(string path, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Default;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > limits.MaxFileBytes)
            {
                var bag = new DiagnosticBag(new SourceText(path, ""));
                bag.ReportFileTooLarge(info.Length, limits.MaxFileBytes);
                return new LoadedDocument(bag.Source, null, bag);
            }
            return Load(path, File.ReadAllBytes(path), limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var bag = new DiagnosticBag(new SourceText(path, ""));
            bag.ReportFileUnreadable(e.Message);
            return new LoadedDocument(bag.Source, null, bag);
        }
    }

    /// <summary>Loads bytes that came from <paramref name="path"/> (or from a request body).</summary>
    public static LoadedDocument Load(string path, ReadOnlySpan<byte> bytes, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Default;
        if (bytes.Length > limits.MaxFileBytes)
        {
            var tooLarge = new DiagnosticBag(new SourceText(path, ""));
            tooLarge.ReportFileTooLarge(bytes.Length, limits.MaxFileBytes);
            return new LoadedDocument(tooLarge.Source, null, tooLarge);
        }

        var hasBom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var body = hasBom ? bytes[3..] : bytes;
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            // Locate the bad byte: decode the valid prefix so line and column are right.
            var badIndex = Math.Clamp(e.Index, 0, body.Length - 1);
            var prefix = Encoding.UTF8.GetString(body[..badIndex]);
            var bag = new DiagnosticBag(new SourceText(path, prefix));
            bag.ReportInvalidUtf8(prefix.Length, body[badIndex], badIndex + (hasBom ? 3 : 0));
            return new LoadedDocument(bag.Source, null, bag);
        }

        return Parse(path, text, limits, hasBom);
    }

    /// <summary>Parses already-decoded text.</summary>
    public static LoadedDocument Parse(string path, string text, LoadLimits? limits = null, bool hadByteOrderMark = false)
    {
        var source = new SourceText(path, text);
        var bag = new DiagnosticBag(source);
        if (hadByteOrderMark) bag.ReportByteOrderMark();
        var root = new JsonParser(text, bag, limits ?? LoadLimits.Default).ParseDocument();
        return new LoadedDocument(source, root, bag);
    }
}
