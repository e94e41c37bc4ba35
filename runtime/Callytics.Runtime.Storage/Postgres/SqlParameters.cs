using Callytics.Runtime.Storage.Common;
using Npgsql;
using NpgsqlTypes;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary>Positional parameters (<c>$1</c>, <c>$2</c>, ...) with explicit types, so nulls are typed too.</summary>
internal static class SqlParameters
{
    public static NpgsqlParameterCollection Text(this NpgsqlParameterCollection parameters, string? value) =>
        parameters.Typed(value, NpgsqlDbType.Text);

    public static NpgsqlParameterCollection Int(this NpgsqlParameterCollection parameters, int value) =>
        parameters.Typed(value, NpgsqlDbType.Integer);

    public static NpgsqlParameterCollection Bool(this NpgsqlParameterCollection parameters, bool value) =>
        parameters.Typed(value, NpgsqlDbType.Boolean);

    public static NpgsqlParameterCollection Uuid(this NpgsqlParameterCollection parameters, Guid value) =>
        parameters.Typed(value, NpgsqlDbType.Uuid);

    public static NpgsqlParameterCollection Bytes(this NpgsqlParameterCollection parameters, byte[] value) =>
        parameters.Typed(value, NpgsqlDbType.Bytea);

    public static NpgsqlParameterCollection Time(this NpgsqlParameterCollection parameters, DateTimeOffset? value) =>
        parameters.Typed(StorageTime.Normalize(value), NpgsqlDbType.TimestampTz);

    /// <summary>Reads a nullable text column.</summary>
    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a timestamptz column as UTC.</summary>
    public static DateTimeOffset Time(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    /// <summary>Reads a nullable timestamptz column as UTC.</summary>
    public static DateTimeOffset? NullableTime(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Time(ordinal);

    private static NpgsqlParameterCollection Typed(this NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
    {
        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return parameters;
    }
}
