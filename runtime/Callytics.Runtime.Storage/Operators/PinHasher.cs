using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Callytics.Runtime.Storage.Operators;

/// <summary>
/// Slow salted PIN hashes: PBKDF2 with HMAC-SHA256, a random 16-byte salt per hash, and the
/// iteration count stored in the hash so it can be raised later without breaking old hashes.
/// Encoded as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). Comparison is constant-time.
/// </summary>
public sealed class PinHasher
{
    /// <summary>The default iteration count (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Creates a hasher.</summary>
    /// <param name="iterations">Iterations for new hashes; lower only in tests.</param>
    public PinHasher(int iterations = DefaultIterations)
    {
        if (iterations < 1000) throw new ArgumentOutOfRangeException(nameof(iterations), "Use at least 1000 iterations.");
        Iterations = iterations;
    }

    /// <summary>Iterations used for new hashes.</summary>
    public int Iterations { get; }

    /// <summary>Hashes a PIN with a fresh salt.</summary>
    public string Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(pin, salt, Iterations, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="pin"/> matches <paramref name="encodedHash"/>; false for a malformed hash.</summary>
    public bool Verify(string pin, string encodedHash)
    {
        if (!TryDecode(encodedHash, out var iterations, out var salt, out var expected))
        {
            // Spend the same time as a real check so a malformed or missing hash is not visible by timing.
            Derive(pin, new byte[SaltBytes], Iterations, HashBytes);
            return false;
        }
        var actual = Derive(pin, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one check without a hash (unknown operator), so callers cannot tell ids apart by timing.</summary>
    public void SpendCheckTime(string pin) => Derive(pin, new byte[SaltBytes], Iterations, HashBytes);

    private static byte[] Derive(string pin, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryDecode(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1 || iterations > 10_000_000) return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException) { return false; }
        return salt.Length > 0 && hash.Length > 0;
    }
}
