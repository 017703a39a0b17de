using Microsoft.Extensions.Logging;

namespace BounceKit.Extensions.DependencyInjection.Internal;

/// <summary>This package's own log records (event ids 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "BounceKit ledger: {Kind} {Path}")]
    public static partial void LedgerOpened(ILogger logger, LedgerKind kind, string? path);
}
