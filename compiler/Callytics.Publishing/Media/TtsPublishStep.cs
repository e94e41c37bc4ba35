using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Publishing.Media;

/// <summary>
/// A step the publisher runs on a flow that checked without errors, before anything is stored
/// (<see cref="Publishing.FlowPublisher"/>'s <c>beforePublish</c>). It reports what it finds into the
/// flow's diagnostics; an error there stops the publish.
/// </summary>
public interface IPublishStep
{
    /// <summary>Prepares what the flow needs at run time; reports errors into <see cref="CheckedFlow.Diagnostics"/>.</summary>
    Task PrepareAsync(CheckedFlow flow, CancellationToken ct);
}

/// <summary>Renders every TTS prompt of the flow (CFL7001 at the prompt's text when one fails).</summary>
public sealed class TtsPublishStep(TtsRenderer renderer) : IPublishStep
{
    /// <inheritdoc />
    public async Task PrepareAsync(CheckedFlow flow, CancellationToken ct)
    {
        if (flow.Flow is null) return;
        // One rendering per distinct prompt; each use that failed is reported where it is written.
        var failures = new Dictionary<Runtime.Contract.Prompt, string?>();
        foreach (var node in flow.Flow.NodesById.Values)
        {
            foreach (var use in node.Info.Facts.Speech)
            {
                if (!failures.TryGetValue(use.Prompt, out var error))
                {
                    (_, error) = await renderer.RenderAsync(use.Prompt, ct).ConfigureAwait(false);
                    failures[use.Prompt] = error;
                }
                if (error is not null) flow.Diagnostics.Report(DiagnosticDescriptors.TtsRenderFailed, use.Syntax, node.Id, node.Id, error);
            }
        }
    }
}
