using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callytics.Runtime.Storage.Directory;

/// <summary>Reads and atomically writes one JSON document per file, for the directory stores.</summary>
public static class JsonFiles
{
    /// <summary>The serializer settings every directory store uses (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new SegmentedStringConverter() },
    };

    /// <summary>
    /// Writes long strings (a draft's whole flow document) in segments: written in one piece, the writer
    /// rents a buffer of six times the string's length for escaping and another for its UTF-8, tens of MB
    /// of fresh large arrays for a big draft in the host that serves calls (full GCs). The file is the same.
    /// </summary>
    private sealed class SegmentedStringConverter : JsonConverter<string>
    {
        private const int Segment = 16 * 1024;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        // Dictionary keys stay as the serializer writes them (a custom converter must say so).
        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            if (value.Length <= Segment)
            {
                writer.WriteStringValue(value);
                return;
            }
            for (var start = 0; start < value.Length; start += Segment)
            {
                var length = Math.Min(Segment, value.Length - start);
                writer.WriteStringValueSegment(value.AsSpan(start, length), isFinalSegment: start + length == value.Length);
            }
        }
    }

    /// <summary>Reads <paramref name="path"/>, or returns default when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a valid document.</exception>
    public static async Task<T?> ReadAsync<T>(string path, CancellationToken ct = default)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, Options, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException) { return default; }
        catch (DirectoryNotFoundException) { return default; }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a valid stored document: {e.Message}", e); }
    }

    /// <summary>
    /// Writes <paramref name="value"/> to <paramref name="path"/> atomically (temporary file, fsync, rename),
    /// serialized straight into the file: a draft of a big flow is never one array (or a chain of growing
    /// ones) in the memory of the host that serves calls.
    /// </summary>
    public static Task WriteAsync<T>(string path, T value, CancellationToken ct = default) =>
        AtomicFile.WriteAsync(path, (stream, token) => JsonSerializer.SerializeAsync(stream, value, Options, token), ct);

    /// <summary>
    /// One whole-number property of the stored document at <paramref name="path"/> (0 when the file or the
    /// property does not exist), read through pooled buffers without building the object: for a small
    /// field of a large document, such as a draft's revision.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but is not a valid document.</exception>
    public static async Task<long> ReadNumberAsync(string path, string property, CancellationToken ct = default)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.GetInt64()
                : 0;
        }
        catch (FileNotFoundException) { return 0; }
        catch (DirectoryNotFoundException) { return 0; }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { throw new InvalidDataException($"'{path}' is not a valid stored document: {e.Message}", e); }
    }

    /// <summary>Reads every <c>*.json</c> document directly in <paramref name="directory"/> (skipping temporary files).</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(string directory, CancellationToken ct = default)
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var items = new List<T>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.json"))
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            var item = await ReadAsync<T>(file, ct).ConfigureAwait(false);
            if (item is not null) items.Add(item);
        }
        return items;
    }
}
