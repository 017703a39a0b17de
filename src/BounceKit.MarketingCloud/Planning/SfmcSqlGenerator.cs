using System.Globalization;
using System.Text;

namespace BounceKit.MarketingCloud.Planning;

/// <summary>Writes the Automation Studio SQL Query Activity that stages the CRM write-back plan inside SFMC, for teams
/// that keep the staging data extension there instead of running <c>bouncekit sfmc plan</c>.</summary>
/// <remarks>The query joins <c>_Bounce</c> and <c>_Subscribers</c>, keeps subscribers whose <c>Status</c> is
/// <c>held</c> with a bounce in the last <c>days</c> days, and returns one row per <c>SubscriberKey</c>: its most recent
/// such bounce (<c>ROW_NUMBER() … ORDER BY EventDate DESC</c>) with <c>LEFT(SMTPBounceReason, n)</c>. Data views keep
/// six months and write Central Standard Time, as does <c>GETDATE()</c> in a Query Activity, so the window needs no
/// conversion. <c>_Subscribers</c> can only be queried from the enterprise (parent) business unit (provider-facts 2.2,
/// 2.4). The flag-clearing half of the plan needs the CRM's flagged keys and stays outside SFMC.</remarks>
public static class SfmcSqlGenerator
{
    /// <summary>Writes the query.</summary>
    /// <param name="days">The bounce window in days back from now, 1 to 180 (data views keep six months).</param>
    /// <param name="reasonLength">The length the reason is cut to (500 for a data extension field).</param>
    /// <param name="requireHardBounce">Only subscribers whose bounces in the window include a <c>Hard bounce</c> row.</param>
    /// <returns>The SQL text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public static string Generate(int days = 1, int reasonLength = 500, bool requireHardBounce = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 180);
        ArgumentOutOfRangeException.ThrowIfLessThan(reasonLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reasonLength, 4000);
        var sql = new StringBuilder();
        sql.AppendLine(CultureInfo.InvariantCulture, $"/* BounceKit: held subscribers with a bounce in the last {days} day(s), one row per SubscriberKey, dated by the most recent bounce. */");
        sql.AppendLine("SELECT x.SubscriberKey, x.EmailAddress, x.EventDate AS HardBounceDate, x.BounceCategory, x.SMTPCode, x.BounceReason");
        sql.AppendLine("FROM (");
        sql.AppendLine("    SELECT b.SubscriberKey, s.EmailAddress, b.EventDate, b.BounceCategory, b.SMTPCode,");
        sql.AppendLine(CultureInfo.InvariantCulture, $"           LEFT(b.SMTPBounceReason, {reasonLength}) AS BounceReason,");
        sql.AppendLine("           ROW_NUMBER() OVER (PARTITION BY b.SubscriberKey ORDER BY b.EventDate DESC) AS RowNumber");
        sql.AppendLine("    FROM _Bounce b");
        sql.AppendLine("    INNER JOIN _Subscribers s ON s.SubscriberKey = b.SubscriberKey");
        sql.AppendLine("    WHERE s.Status = 'held'");
        sql.AppendLine(CultureInfo.InvariantCulture, $"      AND b.EventDate >= DATEADD(DAY, -{days}, GETDATE())");
        if (requireHardBounce)
        {
            sql.AppendLine("      AND EXISTS (");
            sql.AppendLine("          SELECT 1 FROM _Bounce h");
            sql.AppendLine("          WHERE h.SubscriberKey = b.SubscriberKey");
            sql.AppendLine("            AND h.BounceCategory = 'Hard bounce'");
            sql.AppendLine(CultureInfo.InvariantCulture, $"            AND h.EventDate >= DATEADD(DAY, -{days}, GETDATE()))");
        }

        sql.AppendLine(") x");
        sql.Append("WHERE x.RowNumber = 1");
        return sql.ToString();
    }
}
