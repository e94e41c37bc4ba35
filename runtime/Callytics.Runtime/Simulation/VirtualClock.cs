using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Simulation;

/// <summary>A clock that only moves when the simulation says so: a 20 s ring timeout takes no real time.</summary>
public sealed class VirtualClock(DateTimeOffset start) : IClock
{
    /// <inheritdoc />
    public DateTimeOffset UtcNow { get; private set; } = start.ToUniversalTime();

    /// <summary>Moves time forward.</summary>
    public void Advance(int milliseconds) => UtcNow = UtcNow.AddMilliseconds(Math.Max(0, milliseconds));
}
