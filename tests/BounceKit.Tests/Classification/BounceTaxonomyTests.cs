using System.Text.RegularExpressions;
using BounceKit.Classification;

namespace BounceKit.Tests.Classification;

public class BounceTaxonomyTests
{
    private static readonly string[] SisimaiReasons =
    [
        "userunknown", "hostunknown", "hasmoved", "mailboxfull", "suspend", "filtered", "rejected", "blocked", "badreputation",
        "spamdetected", "virusdetected", "policyviolation", "contenterror", "securityerror", "authfailure", "requireptr",
        "norelaying", "notaccept", "networkerror", "expired", "systemerror", "systemfull", "toomanyconn", "speeding", "mesgtoobig",
        "exceedlimit", "syntaxerror", "notcompliantrfc", "mailererror", "onhold", "undefined", "vacation", "delivered", "feedback",
    ];

    [Fact]
    public void EveryReason_HasOneEntry_InEnumOrder()
    {
        BounceReason[] reasons = Enum.GetValues<BounceReason>();
        BounceTaxonomy.All.Select(i => i.Reason).Should().Equal(reasons);
    }

    [Fact]
    public void EverySisimaiReason_IsCovered()
    {
        BounceTaxonomy.All.Select(i => i.SisimaiReason).Distinct().Should().BeEquivalentTo(SisimaiReasons);
    }

    [Fact]
    public void Names_AreUniqueKebabCase()
    {
        BounceTaxonomy.All.Select(i => i.Name).Should().OnlyHaveUniqueItems()
            .And.OnlyContain(n => Regex.IsMatch(n, "^[a-z]+(-[a-z]+)*$"));
    }

    [Fact]
    public void HardBounceReasons_AreExactlyTheAddressFailures()
    {
        BounceTaxonomy.All.Where(i => i.IsHardBounce).Select(i => i.Reason).Should().BeEquivalentTo(
            [BounceReason.UserUnknown, BounceReason.HostUnknown, BounceReason.HasMoved, BounceReason.ClosedAccount, BounceReason.NotAccept]);
        BounceTaxonomy.All.Where(i => i.IsHardBounce).Should().OnlyContain(i =>
            i.DefaultType == BounceType.Hard && i.SfmcCategory == SfmcBounceCategory.Hard && i.MailchimpType == MailchimpBounceType.Hard &&
            i.ReaderCategory == ReaderCategory.Hard && i.SesBounceType == "Permanent");
    }

    [Fact]
    public void MailboxFull_IsSoftEverywhere()
    {
        BounceReasonInfo info = BounceReason.MailboxFull.Describe();
        info.DefaultType.Should().Be(BounceType.Soft);
        info.IsHardBounce.Should().BeFalse();
        info.SfmcCategory.Should().Be(SfmcBounceCategory.Soft);
        info.MailchimpType.Should().Be(MailchimpBounceType.Soft);
        info.ReaderLabel.Should().Be("Mailbox is full");
        info.SesBounceSubType.Should().Be("MailboxFull");
    }

    [Fact]
    public void NotABounce_HasNoBounceVocabulary()
    {
        BounceTaxonomy.All.Where(i => i.DefaultType == BounceType.NotABounce).Should().OnlyContain(i => i.MailchimpType == null && i.SesBounceType == null);
    }

    [Theory]
    [InlineData("user-unknown", BounceReason.UserUnknown)]
    [InlineData("USERUNKNOWN", BounceReason.UserUnknown)]
    [InlineData("speeding", BounceReason.RateLimited)]
    [InlineData("suspend", BounceReason.InactiveAccount)]
    public void TryParseName_AcceptsOurNamesAndSisimaiNames(string name, BounceReason reason)
    {
        BounceTaxonomy.TryParseName(name, out BounceReason parsed).Should().BeTrue();
        parsed.Should().Be(reason);
    }

    [Fact]
    public void SfmcCategory_ComparesIgnoringCase()
    {
        new SfmcBounceCategory("hard BOUNCE").Should().Be(SfmcBounceCategory.Hard);
        (new SfmcBounceCategory("Other") == SfmcBounceCategory.Unknown).Should().BeFalse();
    }

    [Fact]
    public void DocsTaxonomyTable_MatchesTheCode()
    {
        // BOUNCEKIT_UPDATE_DOCS=1 dotnet test --filter DocsTaxonomyTable rewrites the table between the markers.
        string path = Path.Combine(RepoRoot(), "docs", "taxonomy.md");
        string docs = File.ReadAllText(path);
        if (Environment.GetEnvironmentVariable("BOUNCEKIT_UPDATE_DOCS") == "1")
        {
            int start = docs.IndexOf(TaxonomyDoc.StartMarker, StringComparison.Ordinal) + TaxonomyDoc.StartMarker.Length;
            int end = docs.IndexOf(TaxonomyDoc.EndMarker, StringComparison.Ordinal);
            docs = docs[..start] + "\n" + TaxonomyDoc.Render() + "\n" + docs[end..];
            File.WriteAllText(path, docs);
        }

        docs.Should().Contain(TaxonomyDoc.Header);
        foreach (BounceReasonInfo i in BounceTaxonomy.All)
        {
            docs.Should().Contain(TaxonomyDoc.Row(i), $"docs/taxonomy.md must list {i.Name} as the code does (regenerate with TaxonomyDoc.Render)");
        }
    }

    internal static string RepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "BounceKit.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("BounceKit.sln not found");
    }
}

/// <summary>Renders the taxonomy table of docs/taxonomy.md from the code.</summary>
internal static class TaxonomyDoc
{
    public const string StartMarker = "<!-- taxonomy-table:start -->";
    public const string EndMarker = "<!-- taxonomy-table:end -->";

    public const string Header =
        "| reason | description | type | hard | Sisimai | SFMC | Mailchimp | category: label | SES | SendGrid | Postmark |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Row(BounceReasonInfo i) =>
        $"| `{i.Name}` | {i.Description} | {i.DefaultType.ToName()} | {(i.IsHardBounce ? "yes" : "no")} | {i.SisimaiReason} | {i.SfmcCategory} | " +
        $"{i.MailchimpType?.Value ?? "—"} | {i.ReaderCategory.ToName()}: {i.ReaderLabel} | {(i.SesBounceType is null ? "—" : $"{i.SesBounceType}/{i.SesBounceSubType}")} | " +
        $"{i.SendGridClassification ?? "—"} | {i.PostmarkType ?? "—"} |";

    public static string Render() => Header + "\n" + string.Join("\n", BounceTaxonomy.All.Select(Row));
}
