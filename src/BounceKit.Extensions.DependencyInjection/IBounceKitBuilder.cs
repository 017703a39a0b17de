using Microsoft.Extensions.DependencyInjection;

namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddBounceKit</c>; provider adapters chain their own <c>AddXxx</c> methods on it.</summary>
public interface IBounceKitBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }
}
