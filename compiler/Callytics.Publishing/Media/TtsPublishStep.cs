using Callytics.Runtime.Contract;

namespace Callytics.Publishing.Media;

/// <summary>
/// A step the publisher runs for a flow that checked without errors, before anything is stored
/// (<see cref="Publishing.FlowPublisher"/>'s <c>beforePublish</c>): it renders the flow's TTS prompts.
/// The flow job reports each failure where the prompt is written (CFL7001), which stops the publish.
/// </summary>
public interface IPublishStep
{
    /// <summary>Prepares <paramref name="prompts"/> (distinct TTS prompts) for run time; returns those that failed, with why.</summary>
    Task<IReadOnlyDictionary<Prompt, string>> RenderAsync(IReadOnlyList<Prompt> prompts, CancellationToken ct);
}

/// <summary>Renders every TTS prompt of the flow with a <see cref="TtsRenderer"/> (its tools are child processes).</summary>
public sealed class TtsPublishStep(TtsRenderer renderer) : IPublishStep
{
    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Prompt, string>> RenderAsync(IReadOnlyList<Prompt> prompts, CancellationToken ct) => renderer.RenderAllAsync(prompts, ct);
}
