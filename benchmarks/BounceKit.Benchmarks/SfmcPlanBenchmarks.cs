using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Planning;

namespace BounceKit.Benchmarks;

/// <summary>The SFMC write-back plan end to end, as <c>bouncekit sfmc plan</c> runs it: read a 1,000,000-row
/// <c>_Bounce</c> CSV and a 1,000,000-row <c>_Subscribers</c> CSV from disk and plan the last day. Target: under 10 s
/// per run on the 2-core CI machine. One operation is one whole plan.</summary>
[MemoryDiagnoser]
public class SfmcPlanBenchmarks
{
    [Params(1_000_000)]
    public int Rows { get; set; }

    private string _directory = "";
    private string _bounces = "";
    private string _subscribers = "";
    private readonly DateTimeOffset _until = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("bouncekit-plan-bench-").FullName;
        _bounces = Path.Combine(_directory, "_Bounce.csv");
        _subscribers = Path.Combine(_directory, "_Subscribers.csv");
        var random = new Random(7);
        var cst = new DateTime(2026, 11, 22, 18, 0, 0); // _until in CST (UTC-6)
        using (var w = new StreamWriter(_bounces, false, new UTF8Encoding(true)))
        {
            w.WriteLine("AccountID,JobID,ListID,BatchID,SubscriberID,SubscriberKey,EventDate,IsUnique,Domain,BounceCategoryID,BounceCategory,BounceSubcategoryID,BounceSubcategory,BounceTypeID,BounceType,SMTPBounceReason,SMTPCode");
            for (int i = 0; i < Rows; i++)
            {
                int subscriber = random.Next(Rows / 3);
                DateTime at = cst.AddMinutes(-random.Next(30 * 24 * 60)); // 30 days of bounces
                bool hard = random.Next(4) == 0;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"7281734,{90000 + random.Next(500)},512,1,{subscriber},003000000{subscriber:D6},{at:M/d/yyyy h:mm:ss tt},1,example.com,{(hard ? 1 : 2)},{(hard ? "Hard bounce" : "Soft bounce")},{(hard ? 2001 : 3001)},{(hard ? "User Unknown" : "Mailbox Full")},1,immediate,\"{(hard ? "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown" : "452 4.2.2 Mailbox full, try again later")}\",{(hard ? 550 : 452)}"));
            }
        }

        using (var w = new StreamWriter(_subscribers, false, new UTF8Encoding(true)))
        {
            w.WriteLine("SubscriberID,DateUndeliverable,DateJoined,DateUnsubscribed,Domain,EmailAddress,BounceCount,SubscriberKey,SubscriberType,Status");
            for (int i = 0; i < Rows; i++)
            {
                string status = (i % 10) switch { 0 => "held", 1 => "bounced", 2 => "unsubscribed", _ => "active" };
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},,1/4/2024 10:00:00 AM,,example.com,person{i}@example.com,{i % 4},003000000{i:D6},Customer,{status}"));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public int PlanFromExtracts()
    {
        IEnumerable<SfmcBounceRecord> bounces = SfmcExtractReader.ReadBounces(_bounces).Where(r => r.IsSuccess).Select(r => r.Record!);
        IEnumerable<SfmcSubscriberRecord> subscribers = SfmcExtractReader.ReadSubscribers(_subscribers).Where(r => r.IsSuccess).Select(r => r.Record!);
        return SfmcHeldPlanner.Plan(bounces, subscribers, ["003000000000003", "003000000000004"], new SfmcPlanOptions { Since = _until.AddDays(-1), Until = _until }).Count;
    }
}
