using Callytics.Ari.Tests.Backends;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Host;

/// <summary>A caller leaving a voicemail through a running host on the real Asterisk.</summary>
internal static class VoicemailCalls
{
    /// <summary>
    /// Calls <paramref name="dialed"/> from <paramref name="callerNumber"/>; once the recording's file for
    /// <paramref name="mailbox"/> is on Asterisk's disk the caller talks for about three seconds and ends with
    /// <c>#</c>; returns when the host has hung up (the record is stored by then: voicemail is terminal).
    /// </summary>
    public static async Task LeaveAsync(AsteriskServer asterisk, AsteriskCallers callers, string callerNumber, string dialed, string mailbox)
    {
        var caller = await callers.PlaceAsync(callerNumber, dialed);
        await caller.AnsweredAsync();
        await Calls.DialTests.WaitUntilAsync(() => Directory.Exists(asterisk.RecordingDirectory) && Directory.EnumerateFiles(asterisk.RecordingDirectory, $"vm-{mailbox}-*").Any(), 10000);
        await caller.SpeakAsync();
        await Task.Delay(3000);
        await caller.PressAsync("#");
        await caller.EndedAsync();
    }
}
