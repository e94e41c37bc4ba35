using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// Lets an <c>/api</c> request through only with <c>Authorization: Bearer &lt;token&gt;</c> matching
/// <see cref="AdminSettings.Token"/>. The comparison is constant-time over fixed-length hashes, so neither
/// the content nor the length of the token leaks through timing.
/// </summary>
public sealed class BearerTokenGate(IOptions<AdminSettings> settings)
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(settings.Value.Token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.Value.Token));

    /// <summary>True when the request carries the configured token.</summary>
    public bool Allows(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (_expected is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
