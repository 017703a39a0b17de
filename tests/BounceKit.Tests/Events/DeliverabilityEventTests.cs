using BounceKit.Events;

namespace BounceKit.Tests.Events;

public class DeliverabilityEventTests
{
    [Theory]
    [InlineData("ada@Example.COM", "example.com")]
    [InlineData(" ada@example.com ", "example.com")]
    [InlineData("\"a@b\"@example.org", "example.org")]
    [InlineData("ada@", null)]
    [InlineData("no-at-sign", null)]
    [InlineData(null, null)]
    public void DomainOf_TakesThePartAfterTheLastAt_InLowerCase(string? email, string? expected) =>
        DeliverabilityEvent.DomainOf(email).Should().Be(expected);
}
