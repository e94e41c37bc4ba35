using Callytics.Runtime.Storage;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>The call center on the embedded defaults: in-process queue state and the directory store.</summary>
public sealed class EmbeddedCallCenterTests : CallCenterScenarios
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callytics-cc-" + Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> OptionsAsync() => Task.FromResult(new StorageOptions { Directory = _directory });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
