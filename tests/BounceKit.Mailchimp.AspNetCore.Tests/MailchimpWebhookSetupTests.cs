using BounceKit.Mailchimp.AspNetCore.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BounceKit.Mailchimp.AspNetCore.Tests;

public class MailchimpWebhookSetupTests
{
    public static TheoryData<string, string[], string> InvalidOptions => new()
    {
        { "", [], "Mailchimp webhook Secret is missing" },
        { "too-short-15chr", [], "Mailchimp webhook Secret is too short (15 characters)" },
        { "has/a/slash-0123456789", [], "Mailchimp webhook Secret may contain only" },
        { "has space 0123456789", [], "Mailchimp webhook Secret may contain only" },
        { WebhookHost.Secret, ["short"], "Mailchimp webhook PreviousSecrets:0 is too short (5 characters)" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task StartAsync_InvalidSecret_FailsNamingTheSettingButNotItsValue(string secret, string[] previous, string message)
    {
        Func<Task> start = () => WebhookHost.StartAsync(options =>
        {
            options.Secret = secret;
            foreach (string p in previous)
            {
                options.PreviousSecrets.Add(p);
            }
        });

        OptionsValidationException thrown = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        thrown.Message.Should().Contain(message);
        if (secret.Length > 0)
        {
            thrown.Message.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task StartAsync_ValidSecrets_Starts()
    {
        await using WebhookHost host = await WebhookHost.StartAsync(options => options.Secret = "abcdefghijklmnop");

        (await host.Client.GetAsync(WebhookHost.Path + "abcdefghijklmnop")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/webhooks/mailchimp")]
    [InlineData("/webhooks/mailchimp/{key}")]
    [InlineData("/webhooks/mailchimp/{secret?}")]
    [InlineData("/webhooks/mailchimp/{**secret}")]
    public void MapMailchimpWebhook_PatternWithoutRequiredSecret_Throws(string pattern)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddMailchimpWebhook<RecordingHandler>(options => options.Secret = WebhookHost.Secret);
        using WebApplication app = builder.Build();

        app.Invoking(a => a.MapMailchimpWebhook(pattern)).Should().Throw<ArgumentException>().WithMessage("*{secret}*").Which.ParamName.Should().Be("pattern");
    }

    [Fact]
    public void MapMailchimpWebhook_NoHandlerRegistered_ThrowsNamingTheFix()
    {
        using WebApplication app = WebApplication.CreateSlimBuilder().Build();

        app.Invoking(a => a.MapMailchimpWebhook("/hooks/{secret}")).Should().Throw<InvalidOperationException>().WithMessage("*AddMailchimpWebhook*");
    }

    [Fact]
    public void AddMailchimpWebhook_CalledTwice_KeepsTheFirstHandlerAndOneValidator()
    {
        var services = new ServiceCollection();
        services.AddMailchimpWebhook<RecordingHandler>(options => options.Secret = WebhookHost.Secret);
        services.AddMailchimpWebhook<OtherHandler>(options => options.Secret = WebhookHost.Secret);

        services.Where(d => d.ServiceType == typeof(IMailchimpWebhookHandler)).Should().ContainSingle().Which.ImplementationType.Should().Be<RecordingHandler>();
        services.Where(d => d.ServiceType == typeof(IValidateOptions<MailchimpWebhookOptions>)).Should().ContainSingle();
    }

    [Theory]
    [InlineData("s3cr3t-0123456789abcdef", true)]
    [InlineData("old-secret-fedcba9876543210", true)]
    [InlineData("s3cr3t-0123456789abcdeF", false)]
    [InlineData("s3cr3t-0123456789abcde", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void SecretMatches_ComparesAgainstCurrentAndPreviousSecrets(string? presented, bool expected)
    {
        var options = new MailchimpWebhookOptions { Secret = WebhookHost.Secret, PreviousSecrets = [WebhookHost.PreviousSecret, ""] };

        MailchimpWebhookEndpoint.SecretMatches(presented, options).Should().Be(expected);
    }

    private sealed class OtherHandler : IMailchimpWebhookHandler
    {
        public Task HandleAsync(BounceKit.Mailchimp.Webhooks.MailchimpWebhookEvent webhookEvent, IReadOnlyList<BounceKit.Events.DeliverabilityEvent> events, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}
