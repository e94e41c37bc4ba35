namespace Callytics.Runtime.Storage.Common;

/// <summary>A server the stores depend on, as a health check reports it.</summary>
public interface IStorageHealth
{
    /// <summary>What it is (<c>postgres</c>, <c>redis</c>).</summary>
    string Name { get; }

    /// <summary>Why it is not usable now (the last error), or null while it answers.</summary>
    string? Problem { get; }
}
