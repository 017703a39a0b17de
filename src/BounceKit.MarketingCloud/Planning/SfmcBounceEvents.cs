using System.Globalization;
using BounceKit.Classification;
using BounceKit.Events;
using BounceKit.Smtp;

namespace BounceKit.MarketingCloud.Planning;

/// <summary>Turns SFMC bounce rows into deliverability events, so BounceKit's own policies can replay them.</summary>
public static class SfmcBounceEvents
{
    /// <summary>Maps one bounce row.</summary>
    /// <param name="bounce">The row.</param>
    /// <returns>A bounce event: id <c>sfmc:bounce:{job}:{key}:{yyyyMMddHHmmss}</c> (stable, so extracts read twice add
    /// nothing), hard or soft from the category (block, technical and unknown bounces are left to the classifier, which
    /// reads the reason and SMTP code), the job as retry series.</returns>
    public static DeliverabilityEvent ToEvent(SfmcBounceRecord bounce)
    {
        ArgumentNullException.ThrowIfNull(bounce);
        string job = bounce.JobId?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return new DeliverabilityEvent(
            string.Create(CultureInfo.InvariantCulture, $"sfmc:bounce:{job}:{bounce.SubscriberKey}:{bounce.EventDate.UtcDateTime:yyyyMMddHHmmss}"),
            bounce.SubscriberKey,
            bounce.EventDate,
            DeliverabilityEventKind.Bounce)
        {
            Email = bounce.EmailAddress,
            JobId = bounce.JobId?.ToString(CultureInfo.InvariantCulture),
            BounceType = bounce.BounceCategory == SfmcBounceCategory.Hard ? GivenBounceType.Hard
                : bounce.BounceCategory == SfmcBounceCategory.Soft ? GivenBounceType.Soft
                : GivenBounceType.Unknown,
            Diagnostic = bounce.SmtpBounceReason ?? (bounce.SmtpCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : null),
            RecipientDomain = bounce.Domain ?? DeliverabilityEvent.DomainOf(bounce.EmailAddress),
        };
    }
}
