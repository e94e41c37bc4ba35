using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;
using Callytics.Runtime.Ari.Events;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>
/// A call's event inbox: any thread writes, the call's one running effect reads. It replaces an
/// unbounded <c>System.Threading.Channels</c> channel, which costs about 1.2 KiB per call (a 32-slot
/// segment, its reader, writer and two reusable read operations) for what is almost always zero or one
/// waiting event; a host with 10,000 calls keeps all of them alive for the calls' whole life, and every
/// GC copies them from generation to generation (docs/benchmarks/ari.md, 10,000 calls). This one costs
/// one small object, plus a queue only when events arrive faster than the call reads them.
/// </summary>
internal sealed class CallInbox : IValueTaskSource<AriEvent>
{
    private Queue<AriEvent>? _queued;
    private ManualResetValueTaskSourceCore<AriEvent> _reader = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private bool _reading;
    private bool _completed;

    private object Gate => this;

    /// <summary>Adds an event; false once the inbox is completed (the call is over).</summary>
    public bool TryWrite(AriEvent evt)
    {
        lock (Gate)
        {
            if (_completed) return false;
            if (_reading)
            {
                _reading = false;
                _reader.SetResult(evt);
            }
            else
            {
                (_queued ??= new Queue<AriEvent>(2)).Enqueue(evt);
            }
            return true;
        }
    }

    /// <summary>Takes the oldest waiting event, if any.</summary>
    public bool TryRead([MaybeNullWhen(false)] out AriEvent evt)
    {
        lock (Gate)
        {
            if (_queued is { Count: > 0 } queued)
            {
                evt = queued.Dequeue();
                return true;
            }
            evt = null;
            return false;
        }
    }

    /// <summary>
    /// The next event. Only one read at a time (the call's running effect); cancelling
    /// <paramref name="ct"/> ends the read with <see cref="OperationCanceledException"/>, completing the
    /// inbox with <see cref="InvalidOperationException"/>.
    /// </summary>
    public ValueTask<AriEvent> ReadAsync(CancellationToken ct)
    {
        lock (Gate)
        {
            if (_reading) throw new InvalidOperationException("The call's inbox is already being read; only the running effect reads it.");
            if (_queued is { Count: > 0 } queued) return new ValueTask<AriEvent>(queued.Dequeue());
            if (_completed) return ValueTask.FromException<AriEvent>(new InvalidOperationException("The call is over; its inbox is closed."));
            if (ct.IsCancellationRequested) return ValueTask.FromCanceled<AriEvent>(ct);
            _reader.Reset();
            _reading = true;
        }
        // Registered outside the lock: a token cancelled meanwhile runs the callback at once, which takes the lock.
        _cancellation = ct.CanBeCanceled ? ct.UnsafeRegister(static (s, token) => ((CallInbox)s!).Cancel(token), this) : default;
        return new ValueTask<AriEvent>(this, _reader.Version);
    }

    /// <summary>No more events: a pending read fails, later writes are refused.</summary>
    public void Complete()
    {
        lock (Gate)
        {
            _completed = true;
            if (!_reading) return;
            _reading = false;
            _reader.SetException(new InvalidOperationException("The call is over; its inbox is closed."));
        }
    }

    private void Cancel(CancellationToken token)
    {
        lock (Gate)
        {
            if (!_reading) return; // an event came first
            _reading = false;
            _reader.SetException(new OperationCanceledException(token));
        }
    }

    AriEvent IValueTaskSource<AriEvent>.GetResult(short token)
    {
        // The read is over either way; its registration must not outlive it (the next read registers its own).
        _cancellation.Dispose();
        _cancellation = default;
        return _reader.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<AriEvent>.GetStatus(short token) => _reader.GetStatus(token);

    void IValueTaskSource<AriEvent>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reader.OnCompleted(continuation, state, token, flags);
}
