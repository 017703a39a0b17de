namespace BounceKit.Smtp;

/// <summary>The SMTP command (or session stage) that a failure answered.</summary>
public enum SmtpCommand
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>The connection itself or the server greeting (Sisimai and others write <c>CONN</c>).</summary>
    Connect,

    /// <summary><c>HELO</c> or <c>EHLO</c>.</summary>
    Helo,

    /// <summary><c>STARTTLS</c>.</summary>
    StartTls,

    /// <summary><c>AUTH</c>.</summary>
    Auth,

    /// <summary><c>MAIL FROM</c>: failures here concern the sender.</summary>
    MailFrom,

    /// <summary><c>RCPT TO</c>: failures here usually concern the recipient.</summary>
    RcptTo,

    /// <summary><c>DATA</c> or <c>BDAT</c>, including the reply after the message body.</summary>
    Data,
}

/// <summary>Parsing of <see cref="SmtpCommand"/> names.</summary>
public static class SmtpCommands
{
    /// <summary>Reads a command name as found in logs and DSNs: <c>RCPT</c>, <c>RCPT TO</c>, <c>MAIL</c>, <c>DATA</c>,
    /// <c>BDAT</c>, <c>CONN</c>, <c>HELO</c>, <c>EHLO</c>, <c>STARTTLS</c>, <c>AUTH</c>; case is ignored.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The command, or <see cref="SmtpCommand.Unknown"/>.</returns>
    public static SmtpCommand Parse(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        int space = name.IndexOfAny(' ', ':');
        if (space > 0)
        {
            name = name[..space];
        }

        return name switch
        {
            _ when name.Equals("RCPT", StringComparison.OrdinalIgnoreCase) => SmtpCommand.RcptTo,
            _ when name.Equals("MAIL", StringComparison.OrdinalIgnoreCase) => SmtpCommand.MailFrom,
            _ when name.Equals("DATA", StringComparison.OrdinalIgnoreCase) || name.Equals("BDAT", StringComparison.OrdinalIgnoreCase) => SmtpCommand.Data,
            _ when name.Equals("CONN", StringComparison.OrdinalIgnoreCase) || name.Equals("CONNECT", StringComparison.OrdinalIgnoreCase) => SmtpCommand.Connect,
            _ when name.Equals("HELO", StringComparison.OrdinalIgnoreCase) || name.Equals("EHLO", StringComparison.OrdinalIgnoreCase) => SmtpCommand.Helo,
            _ when name.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase) => SmtpCommand.StartTls,
            _ when name.Equals("AUTH", StringComparison.OrdinalIgnoreCase) => SmtpCommand.Auth,
            _ => SmtpCommand.Unknown,
        };
    }
}
