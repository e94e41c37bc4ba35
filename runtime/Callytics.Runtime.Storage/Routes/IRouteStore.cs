namespace Callytics.Runtime.Storage.Routes;

/// <summary>
/// Inbound routes (dialed number → flow id) kept in the store, so every host on the store answers a number
/// with the same flow. Implemented on a folder (<see cref="DirectoryRouteStore"/>) and on PostgreSQL
/// (<see cref="PostgresRouteStore"/>); the same contract test runs on both.
/// </summary>
public interface IRouteStore
{
    /// <summary>Every stored route, by number.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken ct = default);

    /// <summary>Stores the route of <paramref name="number"/> (replacing the one it had).</summary>
    /// <exception cref="ArgumentException">Bad number or flow id (nothing stored).</exception>
    Task SetAsync(string number, string flowId, CancellationToken ct = default);

    /// <summary>Removes the route of <paramref name="number"/>; false when it had none.</summary>
    Task<bool> RemoveAsync(string number, CancellationToken ct = default);
}
