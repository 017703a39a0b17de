using BounceKit.Mailchimp;

namespace BounceKit.Mailchimp.Tests;

public class SubscriberHashTests
{
    [Theory]
    [InlineData("urist.mcvankab@freddiesjokes.com")] // Mailchimp's own example
    [InlineData("Urist.McVankab@FreddiesJokes.com")]
    [InlineData("  urist.mcvankab@freddiesjokes.com ")]
    public void Compute_MailchimpGuideVector_MatchesDocumentedHash(string email) =>
        SubscriberHash.Compute(email).Should().Be("62eeb292278cc15f5817cb78f7790b08");

    [Fact]
    public void Compute_DifferentAddresses_DifferentHashes() =>
        SubscriberHash.Compute("a@example.com").Should().NotBe(SubscriberHash.Compute("b@example.com"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Compute_Empty_Throws(string email) =>
        FluentActions.Invoking(() => SubscriberHash.Compute(email)).Should().Throw<ArgumentException>();

    [Theory]
    [InlineData("62eeb292278cc15f5817cb78f7790b08", true)]
    [InlineData("62EEB292278CC15F5817CB78F7790B08", true)]
    [InlineData("62eeb292278cc15f5817cb78f7790b0", false)]
    [InlineData("urist.mcvankab@freddiesjokes.com", false)]
    public void IsHash_Recognises32HexCharacters(string value, bool expected) => SubscriberHash.IsHash(value).Should().Be(expected);

    [Fact]
    public void MemberStatus_ComparesIgnoringCase()
    {
        new MailchimpMemberStatus("CLEANED").Should().Be(MailchimpMemberStatus.Cleaned);
        MailchimpMemberStatus.Cleaned.BlocksResubscribe.Should().BeTrue();
        MailchimpMemberStatus.Unsubscribed.BlocksResubscribe.Should().BeTrue();
        MailchimpMemberStatus.Pending.BlocksResubscribe.Should().BeFalse();
    }
}
