using System.Collections;

namespace Callytics.Runtime.Host.Calls;

/// <summary>
/// The log scope of one call (<c>CallId</c>): the console and JSON formatters read it as key/value
/// pairs, like a dictionary, but it is one small object. The scope lives as long as the call, and a
/// host with 10,000 calls keeps 10,000 of them.
/// </summary>
internal sealed class CallLogScope(string callId) : IReadOnlyList<KeyValuePair<string, object>>
{
    /// <inheritdoc />
    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new("CallId", callId) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public int Count => 1;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>As the simple console formatter prints a scope.</summary>
    public override string ToString() => "CallId:" + callId;
}
