namespace BounceKit.Extensions.DependencyInjection;

/// <summary>A call to a provider's API failed: the common shape of every adapter's exception
/// (<c>MailchimpException</c>, <c>MarketingCloudException</c>, <c>SalesforceCrmException</c>, <c>DynamicsException</c>), so
/// that a host can handle any provider's failure in one place and still read the provider's own details from the
/// derived type.</summary>
/// <remarks>Like the adapters' messages, <see cref="Exception.Message"/> masks email addresses and never contains a
/// credential or token.</remarks>
public abstract class AdapterRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The adapter's provider name, as in the <c>provider</c> tag of the <c>bouncekit.adapter.*</c>
    /// metrics: <c>mailchimp</c>, <c>marketingcloud</c>, <c>salesforcecrm</c> or <c>dynamics</c>.</param>
    /// <param name="status">The HTTP status code; 0 when no answer came.</param>
    /// <param name="operation">The BounceKit operation that failed, for example <c>auth.token</c>.</param>
    /// <param name="message">The message (already masked).</param>
    /// <param name="innerException">The cause, for example a timeout.</param>
    protected AdapterRequestException(string provider, int status, string? operation, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        Provider = provider;
        Status = status;
        Operation = operation;
    }

    /// <summary>The adapter's provider name: <c>mailchimp</c>, <c>marketingcloud</c>, <c>salesforcecrm</c> or <c>dynamics</c>.</summary>
    public string Provider { get; }

    /// <summary>The HTTP status code; 0 when no answer came.</summary>
    public int Status { get; }

    /// <summary>The BounceKit operation that failed, for example <c>auth.token</c> or <c>members.update</c>.</summary>
    public string? Operation { get; }
}
