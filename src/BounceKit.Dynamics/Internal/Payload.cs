using System.Globalization;
using System.Text;
using System.Text.Json;
using BounceKit.Policy;

namespace BounceKit.Dynamics.Internal;

/// <summary>The JSON body of one update: the bounce columns always, the consent columns only when consent is known.</summary>
internal static class Payload
{
    /// <summary>"Do Not Allow Bulk Emails": true suppresses bulk and marketing email (provider-facts 3.1).</summary>
    public const string DoNotBulkEmail = "donotbulkemail";

    /// <summary>Displayed as "Send Marketing Materials" but true means Do Not Send (provider-facts 3.1).</summary>
    public const string DoNotSendMarketingMaterials = "donotsendmm";

    public static string For(CrmProjection projection, DynamicsOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean(options.HardBounceField, projection.HardBounce);

            // Clearing a hold clears its date too, whatever the projection carries.
            WriteDate(json, options.HardBounceDateField, projection.HardBounce ? projection.HardBounceDate : null);
            if (!string.IsNullOrEmpty(options.SoftBounceCountField))
            {
                json.WriteNumber(options.SoftBounceCountField, projection.SoftBounceCount);
            }

            if (!string.IsNullOrEmpty(options.LastBounceDateField))
            {
                WriteDate(json, options.LastBounceDateField, projection.LastBounceDate);
            }

            if (!string.IsNullOrEmpty(options.LastBounceReasonField))
            {
                string? reason = projection.LastBounceReason;
                if (reason is { } text && text.Length > options.LastBounceReasonMaxLength)
                {
                    reason = text[..options.LastBounceReasonMaxLength];
                }

                json.WriteString(options.LastBounceReasonField, reason);
            }

            // Product rule 4: bounces are not consent. Only an explicit subscribe or unsubscribe reaches these columns,
            // and both mean "do not send" when true.
            if (options.WriteConsent && projection.Consent != ConsentStatus.Unknown)
            {
                bool doNotSend = projection.Consent == ConsentStatus.Unsubscribed;
                json.WriteBoolean(DoNotBulkEmail, doNotSend);
                json.WriteBoolean(DoNotSendMarketingMaterials, doNotSend);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteDate(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            json.WriteString(name, date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
