using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using Callytics.Runtime.Ari.Client;
using Microsoft.Extensions.Logging;

namespace Callytics.Runtime.Ari.Events;

/// <summary>
/// The ARI events WebSocket. Connects, hands each event to <see cref="IAriEventSink"/> in arrival
/// order, and when the socket drops reconnects with exponential backoff (doubling, capped), for as
/// long as it runs. After a reconnect the sink is told, so it can check which calls still exist.
/// </summary>
public sealed class AriEventStream
{
    private readonly AriOptions _options;
    private readonly IAriEventSink _sink;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private int _connections;

    /// <summary>Creates the stream; nothing happens until <see cref="RunAsync"/>.</summary>
    public AriEventStream(AriOptions options, IAriEventSink sink, ILogger log, TimeProvider? time = null)
    {
        _options = options;
        _sink = sink;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many times a connection was established (1 after the first, 2 after one reconnect, ...).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>True while the WebSocket is open.</summary>
    public bool IsConnected => Volatile.Read(ref _open) == 1;
    private int _open;

    /// <summary>Completes when the first connection is up.</summary>
    public Task FirstConnection => _firstConnection.Task;
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var delay = _options.ReconnectInitialDelay;
        while (!ct.IsCancellationRequested)
        {
            var connected = false;
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("Authorization", _options.BasicAuthorization);
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                await socket.ConnectAsync(EventsUri(), ct).ConfigureAwait(false);
                connected = true;
                delay = _options.ReconnectInitialDelay;
                var count = Interlocked.Increment(ref _connections);
                _log.LogInformation("ARI events connected (connection {Connection})", count);
                if (count > 1)
                    _sink.OnReconnected();
                _firstConnection.TrySetResult();
                Volatile.Write(ref _open, 1);
                try
                {
                    await ReceiveAsync(socket, ct).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _open, 0);
                }
                _log.LogWarning("ARI events socket closed by the server");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                _log.LogWarning("ARI events socket {State}: {Error}", connected ? "dropped" : "could not connect", e.Message);
            }
            try
            {
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    private Uri EventsUri()
    {
        var http = new Uri(_options.BaseUri, AriClient.BuildUrl(AriRoutes.Events, [], [("app", _options.Application), ("subscribeAll", "false")]));
        var builder = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                return;
            buffer.Advance(result.Count);
            if (!result.EndOfMessage)
                continue;
            var received = Stopwatch.GetTimestamp();
            var evt = AriEventTypes.Parse(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
            if (evt is null)
                continue;
            evt.ReceivedTimestamp = received;
            try
            {
                _sink.OnEvent(evt);
            }
            catch (Exception e)
            {
                // One bad handler must not take the event stream (and every other call) down.
                _log.LogError(e, "Handling ARI event {Type} failed", evt.Type);
            }
        }
    }
}

/// <summary>Receives ARI events in arrival order. Must not block: hand the event over and return.</summary>
public interface IAriEventSink
{
    /// <summary>One event.</summary>
    void OnEvent(AriEvent evt);

    /// <summary>The WebSocket came back after a drop; events in between are lost.</summary>
    void OnReconnected();
}
