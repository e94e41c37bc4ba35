using Callytics.Runtime.Storage.Directory;
using Callytics.Storage.Tests.Fixtures;

namespace Callytics.Storage.Tests.Common;

public sealed class DirectoryPrimitivesTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task An_atomic_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_root.Path, "nested", "doc.json");
        await AtomicFile.WriteAllBytesAsync(path, "first"u8.ToArray());
        await AtomicFile.WriteAllBytesAsync(path, "second"u8.ToArray());

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.Equal(["doc.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_long_string_written_in_segments_gives_the_file_the_serializer_writes_in_one_piece()
    {
        // Quotes, control and non-ASCII characters, HTML-sensitive ones, and surrogate pairs on both sides of
        // every 16 K segment boundary: the segmented writer (no huge escape buffers) must not change a byte.
        var text = new System.Text.StringBuilder();
        while (text.Length < 100_000) text.Append("{\"id\":\"n1\",\"say\":\"Grüß <dich> & \u00e9\t\\ \uD83D\uDE00\"}");
        for (var boundary = 16 * 1024; boundary < text.Length; boundary += 16 * 1024) text.Insert(boundary - 1, "\uD83D\uDE00");
        var draft = new Callytics.Runtime.Storage.Flows.FlowDraft("main", text.ToString(), "{\"a\":1}", DateTimeOffset.UnixEpoch, "alice", 3);
        var path = Path.Combine(_root.Path, "draft.json");

        await JsonFiles.WriteAsync(path, draft);

        var oneString = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(draft, oneString), await File.ReadAllBytesAsync(path));
        Assert.Equal(draft, await JsonFiles.ReadAsync<Callytics.Runtime.Storage.Flows.FlowDraft>(path));
        Assert.Equal(3, await JsonFiles.ReadNumberAsync(path, "revision"));
    }

    [Fact]
    public void The_synchronous_atomic_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_root.Path, "sync", "flow.dll");
        AtomicFile.WriteAllBytes(path, "first"u8);
        AtomicFile.WriteAllBytes(path, "second"u8);

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["flow.dll"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_lock_file_is_exclusive_until_released()
    {
        var path = Path.Combine(_root.Path, ".lock");
        var first = await FileLock.AcquireAsync(path, TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TimeoutException>(() => FileLock.AcquireAsync(path, TimeSpan.FromMilliseconds(200)));
        var waiting = FileLock.AcquireAsync(path, TimeSpan.FromSeconds(10));
        first.Dispose();
        using var second = await waiting;
    }

    [Fact]
    public async Task A_corrupt_document_is_reported_with_its_path()
    {
        var path = Path.Combine(_root.Path, "bad.json");
        await File.WriteAllTextAsync(path, "{ not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => JsonFiles.ReadAsync<Dictionary<string, string>>(path));
        Assert.Contains("bad.json", error.Message);
        Assert.Null(await JsonFiles.ReadAsync<Dictionary<string, string>>(Path.Combine(_root.Path, "missing.json")));
    }
}
