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
