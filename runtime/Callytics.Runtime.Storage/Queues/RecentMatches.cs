namespace Callytics.Runtime.Storage.Queues;

/// <summary>The last matches of a queue, oldest forgotten first, so memory stays bounded on a long-running host.</summary>
internal sealed class RecentMatches(int capacity)
{
    private readonly Dictionary<string, QueueMatch> _byCaller = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(QueueMatch match)
    {
        if (_order.Count >= capacity) _byCaller.Remove(_order.Dequeue());
        _byCaller[match.CallerId] = match;
        _order.Enqueue(match.CallerId);
    }

    public QueueMatch? Find(string callerId) => _byCaller.GetValueOrDefault(callerId);
}
