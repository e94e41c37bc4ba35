using Npgsql;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary>Turns <c>postgres://user:password@host:port/database</c> URLs into Npgsql connection strings.</summary>
public static class PostgresUrl
{
    /// <summary>Returns an Npgsql connection string; keyword strings pass through unchanged.</summary>
    /// <exception cref="ArgumentException">A URL that cannot be read.</exception>
    public static string ToConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException("Invalid PostgreSQL URL: expected postgres://user:password@host:port/database.", nameof(value));
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);
        return builder.ConnectionString;
    }
}
