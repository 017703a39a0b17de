namespace BounceKit.Classification;

/// <summary>The large mailbox and filtering providers whose bounce wording the classifier knows.</summary>
public enum ReceivingProvider
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Google (Gmail, Google Workspace).</summary>
    Google,

    /// <summary>Microsoft (Outlook.com, Hotmail, Microsoft 365 / Exchange Online).</summary>
    Microsoft,

    /// <summary>Yahoo and AOL.</summary>
    Yahoo,

    /// <summary>Apple iCloud.</summary>
    Apple,

    /// <summary>Comcast (Xfinity).</summary>
    Comcast,

    /// <summary>Cox.</summary>
    Cox,

    /// <summary>Orange and Wanadoo.</summary>
    Orange,

    /// <summary>GMX and web.de (United Internet).</summary>
    Gmx,

    /// <summary>Deutsche Telekom T-Online.</summary>
    TOnline,

    /// <summary>Mail.ru.</summary>
    MailRu,

    /// <summary>Yandex.</summary>
    Yandex,

    /// <summary>Zoho Mail.</summary>
    Zoho,

    /// <summary>Proofpoint (pphosted.com).</summary>
    Proofpoint,

    /// <summary>Mimecast.</summary>
    Mimecast,

    /// <summary>Barracuda.</summary>
    Barracuda,

    /// <summary>Tencent QQ Mail.</summary>
    QQ,

    /// <summary>au (KDDI) mobile mail: ezweb.ne.jp and au.com.</summary>
    Kddi,

    /// <summary>Spectrum (Charter, Time Warner Cable, Roadrunner).</summary>
    Spectrum,
}
