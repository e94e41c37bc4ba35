using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>
/// The conference rooms of one host: one <c>mixing,dtmf_events</c> bridge per room name, shared by
/// every caller of that room, created by the first to join and destroyed when the last leaves.
/// Music on hold plays in the bridge while one caller is alone (when the room asks for it).
/// </summary>
public sealed class ConferenceRooms(AriClient ari)
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>One room.</summary>
    public sealed class Room(string name, string bridgeId, bool mohWhenAlone)
    {
        internal SemaphoreSlim Gate { get; } = new(1, 1);
        internal HashSet<string> Members { get; } = new(StringComparer.Ordinal);
        internal bool Created { get; set; }
        internal bool Closed { get; set; }
        internal bool MohOn { get; set; }
        internal bool MohWhenAlone { get; } = mohWhenAlone;

        /// <summary>The room name.</summary>
        public string Name { get; } = name;

        /// <summary>The room's bridge.</summary>
        public string BridgeId { get; } = bridgeId;
    }

    /// <summary>The rooms open now.</summary>
    public int OpenRooms
    {
        get { lock (_rooms) return _rooms.Count; }
    }

    /// <summary>Puts a channel in the room; null when the room is full.</summary>
    public async Task<Room?> JoinAsync(ConferenceEffect effect, string channelId, CancellationToken ct)
    {
        while (true)
        {
            Room room;
            lock (_rooms)
            {
                if (!_rooms.TryGetValue(effect.Room, out room!))
                    _rooms[effect.Room] = room = new Room(effect.Room, "conf-" + effect.Room + "-" + Guid.NewGuid().ToString("N")[..8], effect.MohWhenAlone);
            }
            await room.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (room.Closed)
                    continue; // The last member just left and destroyed it: open a fresh one.
                if (effect.MaxParticipants > 0 && room.Members.Count >= effect.MaxParticipants)
                    return null;
                if (!room.Created)
                {
                    await CreateOrCloseAsync(room, ct).ConfigureAwait(false);
                }
                try
                {
                    await ari.AddChannelsAsync(room.BridgeId, [channelId], ct).ConfigureAwait(false);
                }
                catch (AriRequestException) when (room.Members.Count == 0)
                {
                    // Nobody is in the bridge this caller just created: do not leave it behind.
                    Close(room);
                    await Quietly(() => ari.DestroyBridgeAsync(room.BridgeId, CancellationToken.None)).ConfigureAwait(false);
                    throw;
                }
                room.Members.Add(channelId);
                await UpdateMohAsync(room, ct).ConfigureAwait(false);
                return room;
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    private async Task CreateOrCloseAsync(Room room, CancellationToken ct)
    {
        try
        {
            await ari.CreateBridgeAsync(room.BridgeId, AriCallChannel.CallBridgeType, "conference-" + room.Name, ct).ConfigureAwait(false);
            room.Created = true;
        }
        catch
        {
            Close(room);
            throw;
        }
    }

    /// <summary>Takes a channel out of the room; the last one out destroys the bridge.</summary>
    public async Task LeaveAsync(Room room, string channelId, bool channelGone)
    {
        await room.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            room.Members.Remove(channelId);
            if (!channelGone)
                await Quietly(() => ari.RemoveChannelAsync(room.BridgeId, channelId, CancellationToken.None)).ConfigureAwait(false);
            if (room.Members.Count == 0)
            {
                Close(room);
                await Quietly(() => ari.DestroyBridgeAsync(room.BridgeId, CancellationToken.None)).ConfigureAwait(false);
            }
            else
                await UpdateMohAsync(room, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    private void Close(Room room)
    {
        room.Closed = true;
        lock (_rooms)
        {
            if (_rooms.TryGetValue(room.Name, out var current) && ReferenceEquals(current, room))
                _rooms.Remove(room.Name);
        }
    }

    private async Task UpdateMohAsync(Room room, CancellationToken ct)
    {
        var want = room.MohWhenAlone && room.Members.Count == 1;
        if (want == room.MohOn)
            return;
        room.MohOn = want;
        await Quietly(() => want ? ari.StartBridgeMohAsync(room.BridgeId, ct) : ari.StopBridgeMohAsync(room.BridgeId, ct)).ConfigureAwait(false);
    }

    /// <summary>Music and clean-up requests must not fail a caller's join or leave.</summary>
    private static async Task Quietly(Func<Task> request)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (AriRequestException)
        {
            // The channel or bridge is already gone, or music on hold is not configured: nothing to undo.
        }
    }
}
