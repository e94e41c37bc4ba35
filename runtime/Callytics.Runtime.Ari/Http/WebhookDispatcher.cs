using System.Threading.Channels;
using Callytics.Runtime.Contract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Runtime.Ari.Http;

/// <summary>Sizes of the webhook queue.</summary>
public sealed class WebhookOptions
{
    /// <summary>Webhooks waiting at most; beyond this new ones are dropped (and counted), never waited for.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Deliveries in parallel.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// Delivers webhooks in the background: <see cref="Enqueue"/> only writes to a bounded queue and
/// returns, so a slow or dead webhook target never slows a call. Each delivery has the webhook's
/// own timeout and is retried (with a doubling delay) on a non-2xx answer, a timeout or a network error.
/// </summary>
public sealed class WebhookDispatcher : IWebhookDispatcher, IAsyncDisposable
{
    private readonly Channel<WebhookRequest> _queue;
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly OutboundPolicy? _policy;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private long _delivered, _failed, _dropped;

    /// <summary>Starts the workers.</summary>
    /// <param name="http">The client deliveries go through (the host's has the outbound policy's handler).</param>
    /// <param name="options">Queue size, workers, retries.</param>
    /// <param name="log">Where failed deliveries are logged.</param>
    /// <param name="time">The clock for retry delays.</param>
    /// <param name="policy">The outbound policy, which refuses (and counts) a redirect a webhook may not follow.</param>
    public WebhookDispatcher(HttpClient http, WebhookOptions? options = null, ILogger? log = null, TimeProvider? time = null, OutboundPolicy? policy = null)
    {
        _http = http;
        _policy = policy;
        _options = options ?? new WebhookOptions();
        _log = log ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<WebhookRequest>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: full means "refused at once", never a wait
            SingleReader = false,
        });
        _workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Webhooks delivered (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Webhooks given up after all retries.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Webhooks refused because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Webhooks waiting.</summary>
    public int Pending => _queue.Reader.Count;

    /// <inheritdoc />
    public bool Enqueue(WebhookRequest request)
    {
        if (_queue.Writer.TryWrite(request))
            return true;
        Interlocked.Increment(ref _dropped);
        _log.LogWarning("Webhook {Node} dropped: the queue is full", request.WebhookNode);
        return false;
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
                await DeliverAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task DeliverAsync(WebhookRequest request)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 0; attempt <= request.Retries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                delay *= 2;
            }
            var result = await AttemptAsync(request).ConfigureAwait(false);
            if (result is null)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }
            _log.LogInformation("Webhook {Node} to {Host} attempt {Attempt} failed: {Reason}", request.WebhookNode, HostOf(request.Url), attempt + 1, result);
        }
        Interlocked.Increment(ref _failed);
        _log.LogWarning("Webhook {Node} to {Host} given up after {Attempts} attempts", request.WebhookNode, HostOf(request.Url), request.Retries + 1);
    }

    /// <summary>One attempt: null on success, else why it failed.</summary>
    private async Task<string?> AttemptAsync(WebhookRequest request)
    {
        using var message = HttpMessages.Build(request.Method, request.Url, request.Headers, request.Body, out var problem);
        if (message is null)
            return problem;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(Math.Clamp(request.TimeoutMs, 1, HttpGateway.MaxTimeoutMs));
        try
        {
            using var response = await HttpMessages.SendAsync(_http, message, request.Body, request.FollowRedirects, _policy, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : "HTTP " + (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return "refused by the outbound policy: " + refused.Message;
        }
        catch (HttpRequestException e)
        {
            return "network error: " + e.HttpRequestError;
        }
    }

    /// <summary>Only the host is logged: a webhook URL may carry tokens in its path or query.</summary>
    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(invalid URL)";

    /// <summary>Stops taking webhooks, gives the queued ones <paramref name="grace"/> to go out, then stops.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        var all = Task.WhenAll(_workers);
        if (await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all)
            await _stopping.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
