using System.Collections.Concurrent;
using BounceKit.Events;
using BounceKit.Mailchimp.AspNetCore;
using BounceKit.Mailchimp.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.Mailchimp.AspNetCore.Tests;

/// <summary>A real Kestrel host on a loopback port with the webhook endpoint, a recording handler and a fake log.</summary>
public sealed class WebhookHost : IAsyncDisposable
{
    public const string Secret = "s3cr3t-0123456789abcdef";
    public const string PreviousSecret = "old-secret-fedcba9876543210";
    public const string Path = "/webhooks/mailchimp/";

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
        Recorder = app.Services.GetRequiredService<Recorder>();
        Logs = app.Services.GetFakeLogCollector();
    }

    public HttpClient Client { get; }

    public Recorder Recorder { get; }

    public FakeLogCollector Logs { get; }

    public static async Task<WebhookHost> StartAsync(Action<MailchimpWebhookOptions>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();

        // As docs/providers/mailchimp-webhooks.md advises (and the ASP.NET Core templates do): ASP.NET Core's own
        // "Request starting" (Information) and routing (Debug) records carry the path, and so the secret; they are
        // written before the endpoint runs, where it cannot redact them. BounceKit's own category stays at Trace.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddMailchimpWebhook<RecordingHandler>(configure ?? (options =>
        {
            options.Secret = Secret;
            options.PreviousSecrets.Add(PreviousSecret);
        }));

        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapMailchimpWebhook(Path + "{secret}");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new WebhookHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the handler was given, and whether it should fail.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<(MailchimpWebhookEvent Webhook, IReadOnlyList<DeliverabilityEvent> Events)> Calls { get; } = new();

    public bool Fail { get; set; }
}

public sealed class RecordingHandler(Recorder recorder) : IMailchimpWebhookHandler
{
    public Task HandleAsync(MailchimpWebhookEvent webhookEvent, IReadOnlyList<DeliverabilityEvent> events, CancellationToken cancellationToken = default)
    {
        if (recorder.Fail)
        {
            throw new InvalidOperationException("The handler failed on purpose.");
        }

        recorder.Calls.Enqueue((webhookEvent, events));
        return Task.CompletedTask;
    }
}
