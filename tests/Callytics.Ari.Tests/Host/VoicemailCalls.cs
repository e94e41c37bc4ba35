using Callytics.Ari.Tests.Backends;
using Callytics.Runtime.Host.Calls;
using Callytics.TestSupport.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Ari.Tests.Host;

/// <summary>A caller leaving a voicemail through a running host on the real Asterisk.</summary>
internal static class VoicemailCalls
{
    /// <summary>
    /// Calls <paramref name="dialed"/> from <paramref name="callerNumber"/>; once the recording's file for
    /// <paramref name="mailbox"/> is on Asterisk's disk the caller talks for about three seconds and ends with
    /// <c>#</c>; returns when the host has hung up (the record is stored by then: voicemail is terminal).
    /// The call is placed once the host's ARI socket is open: before that Asterisk has no application to
    /// hand it to (a clean-clone run placed it while the host still connected, and no recording came).
    /// </summary>
    public static async Task LeaveAsync(IServiceProvider host, AsteriskServer asterisk, AsteriskCallers callers, string callerNumber, string dialed, string mailbox)
    {
        var calls = host.GetRequiredService<CallHost>();
        await Calls.DialTests.WaitUntilAsync(() => calls.AriConnected, 10000);
        var caller = await callers.PlaceAsync(callerNumber, dialed);
        await caller.AnsweredAsync();
        await Calls.DialTests.WaitUntilAsync(() => Directory.Exists(asterisk.RecordingDirectory) && Directory.EnumerateFiles(asterisk.RecordingDirectory, $"vm-{mailbox}-*").Any(), 10000);
        await caller.SpeakAsync();
        await Task.Delay(3000);
        await caller.PressAsync("#");
        await caller.EndedAsync();
    }
}
