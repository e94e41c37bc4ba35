using Callytics.Publishing.Media;

namespace Callytics.Runtime.Host.Media;

/// <summary>
/// Serves prompt audio to Asterisk (<c>res_http_media_cache</c> fetches <c>sound:http://…</c> URIs) and to
/// the browser: <c>GET /media/tts/&lt;key&gt;.&lt;ulaw|sln16|wav&gt;</c> and <c>GET /media/audio/&lt;id&gt;.&lt;…&gt;</c>.
/// Without the admin token, since Asterisk sends none: names are content hashes or library ids and only
/// files of the media folder's <c>tts/</c> and <c>audio/</c> can be named (no path separators pass).
/// <c>.wav</c> is the 16 kHz file with a WAV header, for browsers.
/// </summary>
public static class MediaRoutes
{
    /// <summary>Maps the routes on <paramref name="app"/> for <paramref name="store"/>.</summary>
    public static void MapMedia(this IEndpointRouteBuilder app, MediaStore store)
    {
        app.MapGet("/media/{kind}/{file}", (string kind, string file) =>
        {
            var dot = file.LastIndexOf('.');
            if (dot <= 0) return NotFound();
            var (name, ext) = (file[..dot], file[(dot + 1)..]);
            string? Stored(string format) => kind switch
            {
                "tts" when IsKey(name) => store.TtsFile(name, format),
                "audio" when AudioIds.IsValid(name) => store.AudioFile(name, format),
                _ => null,
            };
            if (ext == "wav")
                return Stored("sln16") is { } sln && File.Exists(sln) ? Results.Stream(Wav.Open(sln), "audio/wav") : NotFound();
            if (!MediaStore.Formats.Contains(ext)) return NotFound();
            // application/octet-stream: res_http_media_cache then takes the format from the URL's extension.
            return Stored(ext) is { } path && File.Exists(path) ? Results.File(path, "application/octet-stream") : NotFound();
        });
    }

    private static bool IsKey(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    private static IResult NotFound() => Results.Json(new { message = "no such media file" }, statusCode: 404);
}

/// <summary>A WAV header in front of 16 kHz signed linear audio, so browsers can play stored prompts and recordings.</summary>
public static class Wav
{
    /// <summary>A stream of the WAV file for a raw <c>.sln16</c> file.</summary>
    public static Stream Open(string sln16File)
    {
        var data = File.OpenRead(sln16File);
        return new ConcatStream(Header(data.Length, 16000), data);
    }

    /// <summary>The 44-byte header of mono 16-bit PCM at <paramref name="rate"/>.</summary>
    public static byte[] Header(long dataBytes, int rate)
    {
        var header = new byte[44];
        var w = new BinaryWriter(new MemoryStream(header));
        w.Write("RIFF"u8); w.Write((uint)(36 + dataBytes)); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16u); w.Write((ushort)1); w.Write((ushort)1); w.Write((uint)rate); w.Write((uint)(rate * 2)); w.Write((ushort)2); w.Write((ushort)16);
        w.Write("data"u8); w.Write((uint)dataBytes);
        return header;
    }

    private sealed class ConcatStream(byte[] head, Stream tail) : Stream
    {
        private int _headAt;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => head.Length + tail.Length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headAt < head.Length)
            {
                var n = Math.Min(count, head.Length - _headAt);
                Array.Copy(head, _headAt, buffer, offset, n);
                _headAt += n;
                return n;
            }
            return tail.Read(buffer, offset, count);
        }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_headAt < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _headAt);
                head.AsMemory(_headAt, n).CopyTo(buffer);
                _headAt += n;
                return n;
            }
            return await tail.ReadAsync(buffer, ct).ConfigureAwait(false);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) tail.Dispose();
            base.Dispose(disposing);
        }
    }
}
