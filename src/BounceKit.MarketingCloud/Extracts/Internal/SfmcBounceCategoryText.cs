using System.Text;
using BounceKit.Classification;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Maps <c>BounceCategory</c> text (UTF-8) to <see cref="SfmcBounceCategory"/> without allocating for the known values.</summary>
internal static class SfmcBounceCategoryText
{
    /// <summary>The category of the text; empty text is <see cref="SfmcBounceCategory.Unknown"/>, text not known is kept as given.</summary>
    /// <remarks>The tracking extract documentation spells Technical/Other as "Technical or other bounce" (provider-facts 2.3, 2.7).</remarks>
    public static SfmcBounceCategory Map(ReadOnlySpan<byte> utf8)
    {
        utf8 = utf8.Trim(" \t"u8);
        if (utf8.IsEmpty)
        {
            return SfmcBounceCategory.Unknown;
        }

        if (Ascii.EqualsIgnoreCase(utf8, "Hard bounce"u8))
        {
            return SfmcBounceCategory.Hard;
        }

        if (Ascii.EqualsIgnoreCase(utf8, "Soft bounce"u8))
        {
            return SfmcBounceCategory.Soft;
        }

        if (Ascii.EqualsIgnoreCase(utf8, "Block bounce"u8))
        {
            return SfmcBounceCategory.Block;
        }

        if (Ascii.EqualsIgnoreCase(utf8, "Technical/Other bounce"u8) || Ascii.EqualsIgnoreCase(utf8, "Technical or other bounce"u8))
        {
            return SfmcBounceCategory.TechnicalOther;
        }

        if (Ascii.EqualsIgnoreCase(utf8, "Unknown bounce"u8))
        {
            return SfmcBounceCategory.Unknown;
        }

        return new SfmcBounceCategory(Encoding.UTF8.GetString(utf8));
    }
}
