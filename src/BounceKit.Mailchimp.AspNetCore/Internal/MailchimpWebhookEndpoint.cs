using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BounceKit.Mailchimp.AspNetCore.Internal;

/// <summary>The request delegate behind <c>MapMailchimpWebhook</c>. Nothing it calls throws past it: every outcome is
/// a status code (200, 400, 404, 413, 415 or 500).</summary>
internal sealed class MailchimpWebhookEndpoint(ILogger logger)
{
    public const string SecretParameter = "secret";

    // Mailchimp bodies are a few kilobytes; this only stops a caller who knows the secret from streaming without end.
    private const long MaxRequestBodySize = 1024 * 1024;
    private const int MaxTokenLength = 64;

    private static readonly SearchValues<char> TokenChars = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.");

    public async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        MailchimpWebhookOptions options = context.RequestServices.GetRequiredService<IOptionsMonitor<MailchimpWebhookOptions>>().CurrentValue;
        if (!SecretMatches(request.RouteValues[SecretParameter] as string, options))
        {
            Log.SecretRejected(logger, request.Method);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Mailchimp checks a new webhook URL with a GET (its documentation) or, by one third-party account, an empty
        // POST; both get 200 (provider-facts section 1.6).
        if (HttpMethods.IsGet(request.Method))
        {
            Log.ValidationRequest(logger, request.Method);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature
            && (sizeFeature.MaxRequestBodySize is null || sizeFeature.MaxRequestBodySize > MaxRequestBodySize))
        {
            sizeFeature.MaxRequestBodySize = MaxRequestBodySize;
        }

        CancellationToken aborted = context.RequestAborted;
        try
        {
            if (!request.HasFormContentType)
            {
                if (await IsBodyEmptyAsync(request, aborted).ConfigureAwait(false))
                {
                    Log.ValidationRequest(logger, request.Method);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                }

                Log.UnsupportedMediaType(logger);
                await WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Mailchimp webhooks are posted as application/x-www-form-urlencoded.", field: null).ConfigureAwait(false);
                return;
            }

            IFormCollection form = await request.ReadFormAsync(aborted).ConfigureAwait(false);
            if (!MailchimpWebhookParser.TryParse(Fields(form), out MailchimpWebhookEvent? webhookEvent, out MailchimpWebhookError? error))
            {
                if (error.Kind == MailchimpWebhookErrorKind.MissingField && error.Field == "type")
                {
                    Log.ValidationRequest(logger, request.Method);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                }

                Log.PayloadRejected(logger, error.Kind.ToString(), error.Field, error.Message);
                await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid Mailchimp webhook payload", error.Message, error.Field).ConfigureAwait(false);
                return;
            }

            await InvokeHandlerAsync(context, webhookEvent, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Log.RequestAborted(logger);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            // Form limits (InvalidDataException), the size limit or a broken body (BadHttpRequestException, 413/400).
            int status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            Log.FormUnreadable(logger, status, exception.GetType().Name);
            if (!context.Response.HasStarted && !aborted.IsCancellationRequested)
            {
                await WriteProblemAsync(context, status, "Unreadable Mailchimp webhook body", "The form body could not be read.", field: null).ConfigureAwait(false);
            }
        }
    }

    private async Task InvokeHandlerAsync(HttpContext context, MailchimpWebhookEvent webhookEvent, CancellationToken aborted)
    {
        IReadOnlyList<DeliverabilityEvent> events = webhookEvent.ToDeliverabilityEvents();
        string type = Token(webhookEvent.Type.ToString());
        string listId = Token(webhookEvent.ListId);
        string member = webhookEvent is MailchimpMemberWebhookEvent memberEvent ? memberEvent.SubscriberKey : "-";
        Log.WebhookReceived(logger, type, listId, member, events.Count);
        try
        {
            IMailchimpWebhookHandler handler = context.RequestServices.GetRequiredService<IMailchimpWebhookHandler>();
            await handler.HandleAsync(webhookEvent, events, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The handler is user code: any failure must become a 500 so Mailchimp retries.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(logger, exception, type, listId, member);
            await WriteProblemAsync(context, StatusCodes.Status500InternalServerError, "Mailchimp webhook handler failed", "The webhook was not handled; Mailchimp will retry it.", field: null).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Compares the secret with every configured one in constant time.</summary>
    /// <remarks>Both sides are hashed with SHA-256 first, so the comparison takes the same time whatever the length of
    /// the guess, and <see cref="CryptographicOperations.FixedTimeEquals"/> then compares equal-length digests. Every
    /// configured secret is compared (no early exit), so timing does not tell which one matched.</remarks>
    internal static bool SecretMatches(string? presented, MailchimpWebhookOptions options)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> presentedDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> configuredDigest = stackalloc byte[SHA256.HashSizeInBytes];
        HashUtf8(presented, presentedDigest);
        bool match = false;
        match |= Matches(options.Secret, presentedDigest, configuredDigest);
        foreach (string previous in options.PreviousSecrets ?? [])
        {
            match |= Matches(previous, presentedDigest, configuredDigest);
        }

        return match;
    }

    private static bool Matches(string? configured, ReadOnlySpan<byte> presentedDigest, Span<byte> scratch)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        HashUtf8(configured, scratch);
        return CryptographicOperations.FixedTimeEquals(presentedDigest, scratch);
    }

    private static void HashUtf8(string text, Span<byte> digest)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        SHA256.HashData(utf8, digest);
        CryptographicOperations.ZeroMemory(utf8);
    }

    private static async Task<bool> IsBodyEmptyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length == 0;
        }

        byte[] probe = new byte[1];
        return await request.Body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0;
    }

    private static IEnumerable<KeyValuePair<string, string>> Fields(IFormCollection form)
    {
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> field in form)
        {
            foreach (string? value in field.Value)
            {
                yield return new KeyValuePair<string, string>(field.Key, value ?? string.Empty);
            }
        }
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail, string? field)
    {
        Dictionary<string, object?>? extensions = field is null ? null : new() { ["field"] = field };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }

    // Types and list ids are logged only when they are short tokens, so a hostile body cannot put an address in a log.
    private static string Token(string? value) =>
        value is { Length: > 0 and <= MaxTokenLength } && !value.AsSpan().ContainsAnyExcept(TokenChars) ? value : "(not shown)";
}
