using BounceKit.Events;
using BounceKit.Policy;

namespace BounceKit.Storage.Sqlite.Tests;

/// <summary>What every <see cref="IBounceLedger"/> must do, run against each implementation.</summary>
public abstract class LedgerContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IBounceLedger> CreateAsync();

    protected static DeliverabilityEvent Bounce(string id, string subscriber, double day, string? job = null) =>
        new(id, subscriber, T0.AddDays(day), DeliverabilityEventKind.Bounce)
        {
            BounceType = GivenBounceType.Soft,
            JobId = job ?? id,
            RecipientDomain = "example.com",
            Diagnostic = "452 4.2.2 Mailbox full",
            EnhancedStatus = BounceKit.Smtp.EnhancedStatusCode.Parse("4.2.2"),
            Email = $"{subscriber}@example.com",
        };

    [Fact]
    public async Task Append_IsIdempotent_AndReportsTouchedSubscribers()
    {
        IBounceLedger ledger = await CreateAsync();
        DeliverabilityEvent[] events = [Bounce("e1", "s1", 0), Bounce("e2", "s2", 1)];

        AppendResult first = await ledger.AppendAsync(events);
        first.Subscribers.Should().BeEquivalentTo(["s1", "s2"]);
        (first.Stored, first.Duplicates).Should().Be((2, 0));
        AppendResult again = await ledger.AppendAsync(events);
        again.Subscribers.Should().BeEmpty();
        (again.Stored, again.Duplicates).Should().Be((0, 2));
        (await ledger.AppendAsync([Bounce("e1", "s1", 0), Bounce("e3", "s1", 2)])).Subscribers.Should().BeEquivalentTo(["s1"]);

        IReadOnlyList<DeliverabilityEvent> stored = await ledger.ReadEventsAsync("s1");
        stored.Select(e => e.Id).Should().BeEquivalentTo(["e1", "e3"]);
        stored.Single(e => e.Id == "e1").Should().BeEquivalentTo(events[0]);
    }

    [Fact]
    public async Task StateWrites_AreCompareAndSet()
    {
        IBounceLedger ledger = await CreateAsync();
        var state = new SubscriberState { SubscriberKey = "s1", Status = SubscriberStatus.Bounced, Why = new PolicyDecision(PolicyRule.BelowThreshold, 1, 3) };

        (await ledger.TryWriteStateAsync(state, 0)).Should().BeTrue();
        (await ledger.TryWriteStateAsync(state, 0)).Should().BeFalse("version 0 is stale once a state exists");
        (SubscriberState? read, long version) = await ledger.ReadStateAsync("s1");
        version.Should().Be(1);
        read.Should().Be(state);
        (await ledger.TryWriteStateAsync(state with { Status = SubscriberStatus.Held }, 1)).Should().BeTrue();
        (await ledger.TryWriteStateAsync(state, 1)).Should().BeFalse();
        (await ledger.ReadStateAsync("missing")).Should().Be(((SubscriberState?)null, 0L));
    }

    [Fact]
    public async Task IncrementalRuns_InAnyOrder_EndInTheSameStateAsOneFold()
    {
        IBounceLedger ledger = await CreateAsync();
        var policy = new SfmcPolicy();
        var random = new Random(7);
        var all = new List<DeliverabilityEvent>();
        for (int s = 0; s < 20; s++)
        {
            for (int i = 0; i < 6; i++)
            {
                all.Add(i == 4 && s % 3 == 0
                    ? new DeliverabilityEvent($"s{s}-o{i}", $"s{s}", T0.AddDays(random.Next(30)), DeliverabilityEventKind.Open)
                    : Bounce($"s{s}-b{i}", $"s{s}", random.Next(30), "j" + random.Next(4)));
            }
        }

        var runner = new LedgerPolicyRunner(ledger, policy);
        foreach (DeliverabilityEvent[] batch in all.OrderBy(_ => random.Next()).Chunk(17))
        {
            await runner.ApplyAsync([.. batch, .. batch.Take(2)]);
        }

        var stored = new List<SubscriberState>();
        await foreach (SubscriberState s in ledger.ReadStatesAsync())
        {
            stored.Add(s);
        }

        stored.Select(s => s.SubscriberKey).Should().BeInAscendingOrder(StringComparer.Ordinal).And.HaveCount(20);
        foreach (SubscriberState s in stored)
        {
            s.Should().Be(policy.Evaluate(s.SubscriberKey, all.Where(e => e.SubscriberKey == s.SubscriberKey)).State);
        }
    }
}

public sealed class InMemoryLedgerTests : LedgerContractTests
{
    protected override Task<IBounceLedger> CreateAsync() => Task.FromResult<IBounceLedger>(new InMemoryBounceLedger());
}

public sealed class SqliteLedgerTests : LedgerContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-ledger-").FullName;
    private readonly List<SqliteBounceLedger> _open = [];

    protected override async Task<IBounceLedger> CreateAsync() => await OpenAsync("ledger.db");

    private async Task<SqliteBounceLedger> OpenAsync(string name)
    {
        SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = Path.Combine(_directory, name) });
        _open.Add(ledger);
        return ledger;
    }

    [Fact]
    public async Task EventsAndStates_SurviveClosingAndReopening()
    {
        SqliteBounceLedger first = await OpenAsync("persist.db");
        await new LedgerPolicyRunner(first, new SfmcPolicy()).ApplyAsync([Bounce("e1", "s1", 0), Bounce("e2", "s1", 8), Bounce("e3", "s1", 16)]);
        await first.DisposeAsync();

        SqliteBounceLedger second = await OpenAsync("persist.db");
        (await second.ReadEventsAsync("s1")).Should().HaveCount(3);
        (SubscriberState? state, long version) = await second.ReadStateAsync("s1");
        state!.Status.Should().Be(SubscriberStatus.Held);
        state.Decision.Should().Be("held: 3 bounces over 16 days, rule MinimumSpan");
        version.Should().Be(1);
    }

    [Fact]
    public async Task TwoConnections_OnOneFile_NeverOverwriteEachOther()
    {
        SqliteBounceLedger a = await OpenAsync("shared.db");
        SqliteBounceLedger b = await OpenAsync("shared.db");
        var state = new SubscriberState { SubscriberKey = "s1", Status = SubscriberStatus.Active };

        (await a.TryWriteStateAsync(state, 0)).Should().BeTrue();
        (await b.TryWriteStateAsync(state with { Status = SubscriberStatus.Held }, 0)).Should().BeFalse("b read version 0 before a wrote");
        (await b.ReadStateAsync("s1")).Version.Should().Be(1);

        await a.AppendAsync([Bounce("e1", "s1", 0)]);
        (await b.ReadEventsAsync("s1")).Should().ContainSingle("an append is visible to other connections as soon as it returns");
    }

    [Fact]
    public async Task ConcurrentRunners_OnOneFile_EndInTheRightState()
    {
        SqliteBounceLedger a = await OpenAsync("race.db");
        SqliteBounceLedger b = await OpenAsync("race.db");
        var policy = new SfmcPolicy();
        DeliverabilityEvent[] all = [.. Enumerable.Range(0, 40).Select(i => Bounce($"e{i}", "s" + (i % 4), i))];

        await Task.WhenAll(
            Task.Run(() => new LedgerPolicyRunner(a, policy).ApplyAsync([.. all.Where((_, i) => i % 2 == 0)])),
            Task.Run(() => new LedgerPolicyRunner(b, policy).ApplyAsync([.. all.Where((_, i) => i % 2 == 1)])));
        await new LedgerPolicyRunner(a, policy).ApplyAsync(all);

        for (int s = 0; s < 4; s++)
        {
            (SubscriberState? state, _) = await a.ReadStateAsync("s" + s);
            state.Should().Be(policy.Evaluate("s" + s, all.Where(e => e.SubscriberKey == "s" + s)).State);
        }
    }

    public void Dispose()
    {
        foreach (SqliteBounceLedger ledger in _open)
        {
            ledger.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
