namespace BounceKit.Smtp;

/// <summary>One entry of the IANA "SMTP Enhanced Status Codes" registry, keyed by subject and detail (<c>X.1.1</c>).</summary>
public sealed class EnhancedStatusCodeInfo
{
    internal EnhancedStatusCodeInfo(int subject, int detail, string title, string definingRfc, StatusPermanence permanence, StatusPractice practice)
    {
        Subject = subject;
        Detail = detail;
        Title = title;
        DefiningRfc = definingRfc;
        Permanence = permanence;
        Practice = practice;
        Code = $"X.{subject}.{detail}";
    }

    /// <summary>The subject, for example 1 in <c>X.1.1</c>.</summary>
    public int Subject { get; }

    /// <summary>The detail, for example the second 1 in <c>X.1.1</c>.</summary>
    public int Detail { get; }

    /// <summary>The registry key with an X for the class, for example <c>X.1.1</c>.</summary>
    public string Code { get; }

    /// <summary>The registered title, for example "Bad destination mailbox address".</summary>
    public string Title { get; }

    /// <summary>The document that defines the code, for example "RFC 3463".</summary>
    public string DefiningRfc { get; }

    /// <summary>What the defining RFC says about permanence.</summary>
    public StatusPermanence Permanence { get; }

    /// <summary>What the code usually means in a bounce (BounceKit's default reading).</summary>
    public StatusPractice Practice { get; }

    /// <summary>True when the code, in practice, means the recipient address is permanently undeliverable
    /// (a hard bounce) when it comes with class 5.</summary>
    public bool IsPermanentInPractice => Practice == StatusPractice.Hard;

    /// <inheritdoc/>
    public override string ToString() => $"{Code} {Title} ({DefiningRfc})";
}
