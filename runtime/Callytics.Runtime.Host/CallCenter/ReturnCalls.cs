using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>Why <see cref="ReturnCalls.StartAsync"/> did or did not start a return call.</summary>
public enum ReturnCallStart
{
    /// <summary>The callback is now calling; the call runs in the background.</summary>
    Started,
    /// <summary>No callback has that id.</summary>
    UnknownCallback,
    /// <summary>No operator has that id.</summary>
    UnknownOperator,
    /// <summary>The callback is already calling (on a host that is alive) or done.</summary>
    NotStartable,
    /// <summary>No trunk is configured for calling customers (<see cref="CallbackSettings.Trunk"/>).</summary>
    NotConfigured,
}

/// <summary>
/// Return calls for stored callbacks ("call back now"): claims the callback (pending or failed →
/// calling, atomically in the store, so of two admins only one starts a call), rings the operator's
/// phone, and when the operator answers dials the customer from that call — the transfer machinery:
/// ringing tone to the operator, a <c>mixing,dtmf_events</c> bridge when the customer answers. The
/// callback ends as done once both talked, or failed with the reason; every channel and bridge is
/// released either way.
/// </summary>
public sealed class ReturnCalls : IAsyncDisposable
{
    private static readonly TimeSpan[] FinishRetries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private readonly AriCallServices _ari;
    private readonly StorageServices _storage;
    private readonly CallbackSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<ReturnCalls> _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _running = [];
    private readonly object _gate = new();

    /// <summary>Creates the service over the host's ARI services and call-center storage.</summary>
    public ReturnCalls(AriCallServices ari, StorageServices storage, IOptions<CallbackSettings> settings, ILogger<ReturnCalls> log, TimeProvider? time = null)
    {
        _ari = ari;
        _storage = storage;
        _settings = settings.Value;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The callbacks' store (for listing).</summary>
    public ICallbackStore Callbacks => _storage.Callbacks;

    /// <summary>
    /// Starts the return call of callback <paramref name="id"/> with operator <paramref name="operatorId"/>
    /// and returns at once (with the callback as it now is, when started); the callback's status tells how it goes.
    /// </summary>
    /// <exception cref="ArgumentException">The operator id is not a valid id.</exception>
    /// <exception cref="Storage.Common.StorageUnavailableException">The store cannot be reached.</exception>
    public async Task<(ReturnCallStart Result, CallbackRecord? Calling)> StartAsync(Guid id, string operatorId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_settings.Trunk))
            return (ReturnCallStart.NotConfigured, null);
        if (await _storage.Callbacks.GetAsync(id, ct).ConfigureAwait(false) is not { } callback)
            return (ReturnCallStart.UnknownCallback, null);
        if (await _storage.Operators.GetOperatorAsync(operatorId, ct).ConfigureAwait(false) is null)
            return (ReturnCallStart.UnknownOperator, null);
        var now = _time.GetUtcNow();
        if (!await _storage.Callbacks.TryStartCallingAsync(id, operatorId, now, now - _settings.ReturnCallLease, ct).ConfigureAwait(false))
            return (ReturnCallStart.NotStartable, null);
        // The request (number, id) never changes, so the record read above serves the call; its new state is the transition's.
        var calling = CallbackTransitions.StartCalling(callback, operatorId, now);
        lock (_gate)
        {
            var run = Task.Run(() => RunAsync(calling, operatorId, _stopping.Token), CancellationToken.None);
            _running.Add(run);
            _ = run.ContinueWith(done => { lock (_gate) _running.Remove(done); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        return (ReturnCallStart.Started, calling);
    }

    private async Task RunAsync(CallbackRecord callback, string operatorId, CancellationToken ct)
    {
        bool reached;
        string? note;
        using var alive = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = KeepAliveAsync(callback.Id, alive.Token);
        try
        {
            (reached, note) = await CallAsync(callback, operatorId, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            (reached, note) = (false, "the host stopped before the call ended");
        }
        catch (Exception e)
        {
            _log.LogError(e, "Return call for callback {CallbackId} crashed", callback.Id);
            (reached, note) = (false, "the return call failed: " + e.Message);
        }
        finally
        {
            await alive.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
        _log.LogInformation("Return call for callback {CallbackId} by operator {OperatorId}: {Outcome} {Note}",
            callback.Id, operatorId, CallbackTransitions.FinishedStatus(reached), note ?? "");
        await FinishAsync(callback.Id, reached, note).ConfigureAwait(false);
    }

    /// <summary>Says in the store that this host still runs the return call, until cancelled.</summary>
    private async Task KeepAliveAsync(Guid id, CancellationToken ct)
    {
        var beat = _settings.ReturnCallLease / 4;
        using var timer = new PeriodicTimer(beat > TimeSpan.FromMilliseconds(50) ? beat : TimeSpan.FromMilliseconds(50), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await _storage.Callbacks.KeepCallingAsync(id, _time.GetUtcNow(), ct).ConfigureAwait(false);
                }
                catch (Storage.Common.StorageUnavailableException e)
                {
                    // A missed beat or two is fine: the lease is four beats long.
                    _log.LogWarning("Callback {CallbackId}: could not renew its return call's lease: {Error}", id, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The return call is over.
        }
    }

    /// <summary>Rings the operator, then the customer from the operator's call; (true, _) once they were bridged.</summary>
    private async Task<(bool Reached, string? Note)> CallAsync(CallbackRecord callback, string operatorId, CancellationToken ct)
    {
        var callId = "cb-" + Guid.NewGuid().ToString("N")[..12];
        var number = callback.Request.Number;
        var answered = await AriCallChannel.OriginateAsync(
            _ari, callId, new DialTarget(DestinationType.Extension, operatorId, null), number, _settings.CallerId ?? "", _settings.OperatorRingTimeout, ct).ConfigureAwait(false);
        if (answered.Call is not { } operatorCall)
            return (false, answered.Result switch
            {
                DialResult.Busy => "operator busy",
                DialResult.Failed => "could not call the operator",
                _ => "operator did not answer",
            });
        await using (operatorCall.ConfigureAwait(false))
        {
            var ringMs = (int)Math.Min(int.MaxValue, _settings.CustomerRingTimeout.TotalMilliseconds);
            var customer = new DialTarget(DestinationType.Pstn, number, _settings.Trunk);
            DialOutcome outcome;
            try
            {
                outcome = await operatorCall.DialAsync(new DialEffect([customer], DialStrategy.Ordered, ringMs, ringMs, RecordCall: false, MusicOnHold: false), ct).ConfigureAwait(false);
            }
            catch (CallerHungUpException)
            {
                return operatorCall.WasBridged ? (true, null) : (false, "operator hung up before the customer answered");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && operatorCall.WasBridged)
            {
                return (true, "cut off: the host stopped during the conversation");
            }
            return operatorCall.WasBridged ? (true, null) : (false, outcome.Result switch
            {
                DialResult.Busy => "customer busy",
                DialResult.NoAnswer => "customer did not answer",
                _ => "could not call the customer",
            });
        }
    }

    /// <summary>Records the outcome; retried for a while when the database is briefly unreachable.</summary>
    private async Task FinishAsync(Guid id, bool reached, string? note)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _storage.Callbacks.TryFinishAsync(id, reached, _time.GetUtcNow(), note, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Storage.Common.StorageUnavailableException e) when (attempt < FinishRetries.Length)
            {
                _log.LogWarning("Recording the outcome of callback {CallbackId} failed, retrying: {Error}", id, e.Message);
                await Task.Delay(FinishRetries[attempt], _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Storage.Common.StorageUnavailableException e)
            {
                _log.LogError("Callback {CallbackId} stays 'calling': its outcome ({Status}) could not be stored: {Error}", id, CallbackTransitions.FinishedStatus(reached), e.Message);
                return;
            }
        }
    }

    /// <summary>Ends the return calls in progress (their channels are hung up, their outcome stored) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_gate) running = [.. _running];
        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("{Count} return calls did not end within 10 s of the host stopping", running.Length);
        }
        _stopping.Dispose();
    }
}
