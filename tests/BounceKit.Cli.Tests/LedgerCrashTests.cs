using System.Diagnostics;
using System.Globalization;
using System.Text;
using BounceKit.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BounceKit.Cli.Tests;

/// <summary>Kills a real <c>bouncekit policy simulate --ledger</c> process in the middle of an append and checks that
/// the file lost nothing that was acknowledged before, and stored none or all of the interrupted append.</summary>
public sealed class LedgerCrashTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-crash-").FullName;

    [Fact]
    public async Task KilledMidAppend_KeepsEveryAcknowledgedEvent_AndAllOrNothingOfTheRest()
    {
        string ledger = Path.Combine(_directory, "ledger.db");
        string first = WriteEvents("first.jsonl", "a", 1_000);
        string second = WriteEvents("second.jsonl", "b", 300_000);

        (await RunToEndAsync(first, ledger)).Should().Be(0, "the first append completes and is acknowledged");

        using Process victim = Start(second, ledger);
        string wal = ledger + "-wal";
        var watch = Stopwatch.StartNew();
        while (!victim.HasExited && (!File.Exists(wal) || new FileInfo(wal).Length < 1_000_000) && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5); // wait until the second transaction is writing pages
        }

        bool killedMidway = !victim.HasExited;
        if (killedMidway)
        {
            victim.Kill(entireProcessTree: true); // SIGKILL: no disposal, no checkpoint, no rollback by the process
            await victim.WaitForExitAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={ledger};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            (await check.ExecuteScalarAsync()).Should().Be("ok");
        }

        await using SqliteBounceLedger reopened = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = ledger });
        long stored = await CountAsync(ledger);
        stored.Should().BeOneOf(new long[] { 1_000, 301_000 }, "an append is one transaction: none or all of it");
        (await reopened.ReadEventsAsync("sa7")).Should().HaveCount(1, "acknowledged events survive the crash");
        (await reopened.ReadStateAsync("sa7")).State.Should().NotBeNull("and so do the states written with them");
        killedMidway.Should().BeTrue("the test must have interrupted the append; otherwise it proves nothing (stored {0})", stored);
    }

    private string WriteEvents(string name, string prefix, int count)
    {
        string path = Path.Combine(_directory, name);
        var text = new StringBuilder(count * 120);
        DateTimeOffset t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"{prefix}{i}\",\"subscriber\":\"s{prefix}{i % 5000}\",\"at\":\"{t0.AddMinutes(i):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"example.com\",\"job\":\"j{i}\"}}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static Process Start(string events, string ledger)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "BounceKit.Cli.dll"), "policy", "simulate", "--preset", "sfmc", "--events", events, "--ledger", ledger])
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> RunToEndAsync(string events, string ledger)
    {
        using Process process = Start(events, ledger);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task<long> CountAsync(string ledger)
    {
        await using var connection = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
