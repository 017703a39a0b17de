using BounceKit.Policy;
using BounceKit.Storage.Sqlite.Internal;
using FsCheck;
using FsCheck.Xunit;

namespace BounceKit.Storage.Sqlite.Tests;

/// <summary>The stored form of a projection must give back an equal record (the sync engine compares a recomputed
/// projection with the stored one to decide whether to write) and keep each date's offset.</summary>
public sealed class ProjectionJsonTests
{
    [Property(MaxTest = 5000)]
    public bool RoundTrip_IsEqual_AndStable(
        NonNull<string> key, bool hardBounce, long? hardTicks, short hardOffset, int softBounces, long? lastTicks, short lastOffset, string? reason, int[] units, bool unsubscribed, int consent)
    {
        // The reason also gets arbitrary UTF-16 code units, lone surrogates included, spread over the whole range.
        string? text = reason is null ? null : reason + new string([.. units.Select(u => (char)(unchecked((uint)u * 2_654_435_761u) >> 16))]);
        var projection = new CrmProjection(key.Get, hardBounce, Date(hardTicks, hardOffset), softBounces, Date(lastTicks, lastOffset), text, unsubscribed)
        {
            Consent = (ConsentStatus)consent,
        };

        string json = ProjectionJson.Write(projection);
        CrmProjection back = ProjectionJson.Read(json);
        return back == projection
            && back.HardBounceDate?.Offset == projection.HardBounceDate?.Offset
            && back.LastBounceDate?.Offset == projection.LastBounceDate?.Offset
            && ProjectionJson.Write(back) == json;
    }

    [Fact]
    public void Text_RoundTripsExactly_LoneSurrogatesIncluded()
    {
        // Built here, not passed as InlineData: xunit's serialisation of test data would repair lone surrogates.
        string[] texts = ["", "\uD83D", "half an emoji \uD83D", "\uDE00 low first", "\uDE00\uD83D reversed pair", "📬 a whole pair", "\0 nul, \"quotes\", \\ and \u2028"];
        foreach (string text in texts)
        {
            var projection = new CrmProjection(text, true, DateTimeOffset.MinValue, 0, DateTimeOffset.MaxValue, text, false);

            CrmProjection back = ProjectionJson.Read(ProjectionJson.Write(projection));

            back.Should().Be(projection);
            back.LastBounceReason!.ToCharArray().Should().Equal(text.ToCharArray());
        }
    }

    [Fact]
    public void NullsAndDefaults_StayNull()
    {
        var projection = new CrmProjection("s1", false, null, 0, null, null, false);

        string json = ProjectionJson.Write(projection);

        ProjectionJson.Read(json).Should().Be(projection);
        json.Should().Be("""{"key":"s1","hardBounce":false,"softBounceCount":0,"unsubscribed":false,"consent":0}""");
    }

    /// <summary>Any date DateTimeOffset can hold: the generated number spread over the whole tick range, at an offset
    /// of up to 14 hours either way (whole minutes, as DateTimeOffset requires).</summary>
    private static DateTimeOffset? Date(long? ticks, short offsetMinutes)
    {
        if (ticks is not { } t)
        {
            return null;
        }

        long max = DateTimeOffset.MaxValue.UtcTicks;
        long utc = (long)(unchecked((ulong)t * 0x9E3779B97F4A7C15UL) % (ulong)(max + 1));
        var offset = TimeSpan.FromMinutes(offsetMinutes % ((14 * 60) + 1));
        if (utc + offset.Ticks < 0 || utc + offset.Ticks > max)
        {
            offset = TimeSpan.Zero;
        }

        return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(offset);
    }
}
