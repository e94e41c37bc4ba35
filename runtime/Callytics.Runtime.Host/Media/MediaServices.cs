using Callytics.Publishing.Media;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Media;

/// <summary>The media folder, the TTS renderer and how the catalog plays what they hold.</summary>
public static class MediaServices
{
    /// <summary>Registers <see cref="MediaSettings"/>, <see cref="MediaStore"/>, <see cref="TtsRenderer"/>.</summary>
    public static void AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MediaSettings>(configuration.GetSection(MediaSettings.Section));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<MediaSettings>>().Value;
            return new MediaStore(settings.Directory ?? Path.Combine(sp.GetRequiredService<IOptions<HostSettings>>().Value.FlowStore, "media"));
        });
        services.AddSingleton(sp =>
        {
            var tts = sp.GetRequiredService<IOptions<MediaSettings>>().Value.Tts;
            // Rendered during publishes (hundreds of prompts for a big flow): below the calls, as the compile worker.
            var nice = sp.GetRequiredService<IOptions<Admin.AdminSettings>>().Value.PublishNice;
            return new TtsRenderer(sp.GetRequiredService<MediaStore>(), new SpeechEngine(tts.Command, tts.DefaultVoice, tts.Timeout), nice);
        });
    }

    /// <summary>The catalog playing rendered TTS and library audio from where <see cref="MediaSettings"/> says.</summary>
    public static FlowCatalog WithMedia(FlowCatalog catalog, MediaSettings settings, MediaStore store) => catalog with
    {
        Media = new MediaLocation(settings.BaseUrl, settings.Format, settings.SoundPrefix),
        // One stat per library prompt played: the library may change under a running host (uploads, callyc audio add).
        IsLibraryAudio = id => AudioIds.IsValid(id) && File.Exists(store.AudioFile(id, MediaStore.Formats[0])),
    };

    /// <summary>The catalog the publisher checks against: the configured one plus the library's ids.</summary>
    public static FlowCatalog ForChecking(FlowCatalog catalog, AudioLibrary library)
    {
        var audio = new Dictionary<string, string>(catalog.Audio, StringComparer.Ordinal);
        foreach (var entry in library.List()) audio.TryAdd(entry.Id, "audio/" + entry.Id);
        return catalog with { Audio = audio };
    }
}
