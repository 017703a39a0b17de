using System.CommandLine;
using BounceKit.MarketingCloud.Planning;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit sfmc</c>: Salesforce Marketing Cloud.</summary>
internal static class SfmcCommand
{
    public static Command Create(CliIO io)
    {
        var days = new Option<int>("--days") { Description = "The bounce window in days back from the query's run, 1 to 180 (default 1).", DefaultValueFactory = _ => 1 };
        var reasonLength = new Option<int>("--reason-length") { Description = "Cut SMTPBounceReason to this many characters (default 500, a data extension field).", DefaultValueFactory = _ => 500 };
        var requireHard = new Option<bool>("--require-hard-bounce") { Description = "Only subscribers whose bounces in the window include a 'Hard bounce' row." };
        var sql = new Command("sql", "Print the Automation Studio SQL Query Activity that stages the CRM write-back plan (held subscribers, latest bounce in the window, one row per SubscriberKey).")
        {
            days, reasonLength, requireHard,
        };
        sql.SetAction(result =>
        {
            try
            {
                io.Out.WriteLine(SfmcSqlGenerator.Generate(result.GetValue(days), result.GetValue(reasonLength), result.GetValue(requireHard)));
                return 0;
            }
            catch (ArgumentOutOfRangeException e)
            {
                io.Error.WriteLine($"bouncekit sfmc sql: {(e.ParamName == "days" ? "--days must be 1 to 180 (data views keep six months)" : "--reason-length must be 1 to 4000")}; got {e.ActualValue}.");
                return BounceKitCli.ExitUsage;
            }
        });

        return new Command("sfmc", "Salesforce Marketing Cloud: the Held-based CRM write-back plan.") { sql };
    }
}
