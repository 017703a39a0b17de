using BounceKit.MarketingCloud;

namespace BounceKit.MarketingCloud.Tests;

public class RecordTests
{
    [Theory]
    [InlineData("held", true, false)]
    [InlineData("Held", true, false)]
    [InlineData("active", false, true)]
    [InlineData("bounced", false, false)]
    public void SubscriberStatus_IsReadIgnoringCase(string status, bool held, bool active)
    {
        var row = new SfmcSubscriberRecord { SubscriberKey = "0035g00000AbCdE", Status = status };
        row.IsHeld.Should().Be(held);
        row.IsActive.Should().Be(active);
    }
}
