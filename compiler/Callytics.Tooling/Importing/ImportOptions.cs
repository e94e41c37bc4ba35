namespace Callytics.Compiler.Importing;

/// <summary>Choices the export itself does not settle, given on the command line.</summary>
/// <param name="TimeZone">
/// The IANA time zone that schedules are read in when the product reads them in the server's
/// local time (Whatomate's <c>timing</c>, internal/calling/ivr.go executeTiming uses <c>time.Now()</c>).
/// </param>
public sealed record ImportOptions(string TimeZone)
{
    /// <summary>The time zone assumed when none is given.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>The defaults: schedules in UTC.</summary>
    public static ImportOptions Default { get; } = new(DefaultTimeZone);
}
