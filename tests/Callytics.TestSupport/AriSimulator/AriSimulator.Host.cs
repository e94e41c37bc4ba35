namespace Callytics.TestSupport.AriSimulator;

public sealed partial class AriSimulator
{
    /// <summary>
    /// The host's configuration keys that point it at this simulator (address, credentials,
    /// application), plus <paramref name="more"/>: what a host process started on it needs.
    /// </summary>
    public Dictionary<string, string> HostSettings(IReadOnlyDictionary<string, string> more)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Callytics:Ari:BaseUrl"] = BaseUrl,
            ["Callytics:Ari:User"] = Options.User,
            ["Callytics:Ari:Password"] = Options.Password,
            ["Callytics:Ari:Application"] = Options.Application,
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }
}
