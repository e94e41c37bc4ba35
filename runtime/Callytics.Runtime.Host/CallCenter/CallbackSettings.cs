namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// How return calls are placed: section <c>Callytics:Callbacks</c> (e.g. <c>Callytics__Callbacks__Trunk</c>).
/// The operator is rung at the catalog's <c>extension</c> endpoint with their operator id (operators are
/// identified by their phone's number); the customer through <see cref="Trunk"/>, formatted by the
/// trunk's <c>dial_format</c> like a transfer to a PSTN number.
/// </summary>
public sealed class CallbackSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callytics:Callbacks";

    /// <summary>The trunk id customers are called through; without one no return call starts (503).</summary>
    public string? Trunk { get; set; }

    /// <summary>The caller id the customer sees; null: the trunk's default.</summary>
    public string? CallerId { get; set; }

    /// <summary>How long the operator's phone rings before the attempt fails.</summary>
    public TimeSpan OperatorRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the customer's phone rings before the attempt fails.</summary>
    public TimeSpan CustomerRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A host running a return call says so in the store four times per lease; a callback left calling
    /// by a host that stopped saying so for a whole lease (it died) can be called back again.
    /// </summary>
    public TimeSpan ReturnCallLease { get; set; } = TimeSpan.FromSeconds(60);
}
