namespace BounceKit.Events;

/// <summary>The hard/soft type a provider already gave a bounce, when it did.</summary>
public enum GivenBounceType
{
    /// <summary>Not given: the classifier decides from the diagnostic.</summary>
    Unknown = 0,

    /// <summary>The provider called it hard.</summary>
    Hard,

    /// <summary>The provider called it soft.</summary>
    Soft,
}
