namespace Callytics.Runtime.Storage.Common;

/// <summary>A store could not be reached (server down, connection refused). The operation did not happen.</summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An operation was refused because the stored state does not allow it (e.g. a callback that is not pending).</summary>
public sealed class StorageConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageConflictException(string message) : base(message) { }
}
