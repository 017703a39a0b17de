using System.Globalization;
using System.Text.Json;
using BounceKit.Events;
using BounceKit.Smtp;
using BounceKit.Cli.Output;

namespace BounceKit.Cli.Commands;

/// <summary>One event in the <c>policy simulate</c> input format: read by that command, written by the commands that fetch events.</summary>
internal static class EventLine
{
    /// <summary>Writes <paramref name="e"/> so that <see cref="TryRead"/> reads back the same event.</summary>
    public static void Write(Utf8JsonWriter w, DeliverabilityEvent e)
    {
        w.WriteString("id", e.Id);
        w.WriteString("subscriber", e.SubscriberKey);
        w.WriteString("at", Timestamps.Utc(e.Timestamp));
        w.WriteString("event", e.Kind switch
        {
            DeliverabilityEventKind.Sent => "sent",
            DeliverabilityEventKind.Delivered => "delivered",
            DeliverabilityEventKind.Bounce => "bounce",
            DeliverabilityEventKind.Open => "open",
            DeliverabilityEventKind.Click => "click",
            DeliverabilityEventKind.Unsubscribe => "unsubscribe",
            DeliverabilityEventKind.Subscribe => "subscribe",
            _ => "complaint",
        });
        if (e.BounceType != GivenBounceType.Unknown)
        {
            w.WriteString("bounce", e.BounceType == GivenBounceType.Hard ? "hard" : "soft");
        }

        WriteIfSet(w, "email", e.Email);
        WriteIfSet(w, "domain", e.RecipientDomain);
        WriteIfSet(w, "job", e.JobId);
        WriteIfSet(w, "text", e.Diagnostic);
        WriteIfSet(w, "status", e.EnhancedStatus?.ToString());
        WriteIfSet(w, "remoteMta", e.RemoteMta);
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    public static string? TryRead(string line, out DeliverabilityEvent? result)
    {
        result = null;
        if (JsonInput.TryParseObject(line, out JsonDocument? doc) is { } invalid)
        {
            return invalid;
        }

        using (doc)
        {
            JsonElement root = doc!.RootElement;
            if (Required(root, "id") is not { } id)
            {
                return "field 'id' is missing or empty";
            }

            if (Required(root, "subscriber") is not { } subscriber)
            {
                return "field 'subscriber' is missing or empty";
            }

            if (Required(root, "at") is not { } atText ||
                !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
            {
                return "field 'at' is missing or not a date-time such as \"2026-01-05T10:00:00Z\"";
            }

            DeliverabilityEventKind? kind = Required(root, "event") switch
            {
                "sent" => DeliverabilityEventKind.Sent,
                "delivered" => DeliverabilityEventKind.Delivered,
                "bounce" => DeliverabilityEventKind.Bounce,
                "open" => DeliverabilityEventKind.Open,
                "click" => DeliverabilityEventKind.Click,
                "unsubscribe" => DeliverabilityEventKind.Unsubscribe,
                "subscribe" => DeliverabilityEventKind.Subscribe,
                "complaint" => DeliverabilityEventKind.Complaint,
                _ => null,
            };
            if (kind is null)
            {
                return "field 'event' must be sent, delivered, bounce, open, click, unsubscribe, subscribe or complaint";
            }

            GivenBounceType bounce = Optional(root, "bounce") switch
            {
                null => GivenBounceType.Unknown,
                "hard" => GivenBounceType.Hard,
                "soft" => GivenBounceType.Soft,
                _ => (GivenBounceType)(-1),
            };
            if ((int)bounce < 0)
            {
                return "field 'bounce' must be hard or soft";
            }

            if (JsonInput.TryReadStatus(root, "status", out EnhancedStatusCode? status) is { } badStatus)
            {
                return badStatus;
            }

            result = new DeliverabilityEvent(id, subscriber, at, kind.Value)
            {
                Email = Optional(root, "email"),
                JobId = Optional(root, "job"),
                BounceType = bounce,
                Diagnostic = Optional(root, "text"),
                EnhancedStatus = status,
                RecipientDomain = Optional(root, "domain") ?? DeliverabilityEvent.DomainOf(Optional(root, "email")),
                RemoteMta = Optional(root, "remoteMta"),
            };
            return null;
        }
    }

    private static string? Required(JsonElement root, string name) =>
        Optional(root, name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string? Optional(JsonElement root, string name) => JsonInput.String(root, name);
}
