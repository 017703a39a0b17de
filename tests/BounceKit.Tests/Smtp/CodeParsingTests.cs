using System.Text;
using BounceKit.Smtp;
using BounceKit.Smtp.Internal;

namespace BounceKit.Tests.Smtp;

public class CodeParsingTests
{
    [Theory]
    [InlineData("550", 550, SmtpStatusClass.PermanentFailure, 5, 0)]
    [InlineData("421", 421, SmtpStatusClass.TransientFailure, 2, 1)]
    [InlineData("250", 250, SmtpStatusClass.Success, 5, 0)]
    [InlineData("354", 354, SmtpStatusClass.Intermediate, 5, 4)]
    [InlineData(" 559 ", 559, SmtpStatusClass.PermanentFailure, 5, 9)]
    public void SmtpReplyCode_Parse_Valid(string text, int value, SmtpStatusClass cls, int category, int detail)
    {
        SmtpReplyCode code = SmtpReplyCode.Parse(text);

        code.Value.Should().Be(value);
        code.Class.Should().Be(cls);
        code.Category.Should().Be(category);
        code.Detail.Should().Be(detail);
        SmtpReplyCode.Parse(Encoding.UTF8.GetBytes(text)).Should().Be(code);
    }

    [Theory]
    [InlineData("", SmtpParseError.Empty, 0)]
    [InlineData("  ", SmtpParseError.Empty, 0)]
    [InlineData("x50", SmtpParseError.ExpectedDigit, 0)]
    [InlineData("150", SmtpParseError.InvalidClass, 0)]
    [InlineData("650", SmtpParseError.InvalidClass, 0)]
    [InlineData("560", SmtpParseError.InvalidCategory, 1)]
    [InlineData("55", SmtpParseError.WrongLength, 2)]
    [InlineData("5a0", SmtpParseError.WrongLength, 1)]
    [InlineData("5500", SmtpParseError.WrongLength, 3)]
    [InlineData("550 ok", SmtpParseError.TrailingCharacters, 3)]
    [InlineData(" 55x", SmtpParseError.WrongLength, 3)]
    [InlineData("55:", SmtpParseError.WrongLength, 2)]
    [InlineData("5:0", SmtpParseError.WrongLength, 1)]
    [InlineData("/50", SmtpParseError.ExpectedDigit, 0)]
    [InlineData("5/0", SmtpParseError.WrongLength, 1)]
    public void SmtpReplyCode_Parse_Invalid_NamesErrorAndPosition(string text, SmtpParseError error, int position)
    {
        Action act = () => SmtpReplyCode.Parse(text);

        SmtpFormatException e = act.Should().Throw<SmtpFormatException>().Which;
        e.Error.Should().Be(error);
        e.Position.Should().Be(position);
        e.Message.Should().Contain($"position {position}");
        SmtpReplyCode.TryParse(text, out SmtpReplyCode r).Should().BeFalse();
        r.Should().Be(default(SmtpReplyCode));
        SmtpReplyCode.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void SmtpReplyCode_TryParse_AcceptsExactlyClass2To5AndCategory0To5_ForEveryThreeCharacters()
    {
        // Every digit triple, and digits next to the characters just outside '0'-'9' ('/' and ':').
        const string chars = "/0123456789:";
        foreach (char a in chars)
        {
            foreach (char b in chars)
            {
                foreach (char c in chars)
                {
                    string text = new([a, b, c]);
                    bool valid = a is >= '2' and <= '5' && b is >= '0' and <= '5' && char.IsAsciiDigit(c);
                    SmtpReplyCode.TryParse(text, out SmtpReplyCode code).Should().Be(valid, text);
                    SmtpReplyCode.TryParse(Encoding.UTF8.GetBytes(text), out SmtpReplyCode utf8).Should().Be(valid, text);
                    if (valid)
                    {
                        code.Value.Should().Be(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                        utf8.Should().Be(code);
                    }
                }
            }
        }
    }

    [Fact]
    public void QuickPrefixReaders_AcceptExactlyWhatTheDiagnosingReadersAccept()
    {
        // The quick readers (CodeReader.TryRead*Prefix) decide what is a code; the diagnosing ones (Read*Prefix), which
        // Parse and TryParse call, use them first and walk the digits again only to say what is wrong. That walk must
        // not accept what the quick test rejected, and both must give the same values: every string of up to six
        // characters over digits around the valid ranges, '.' and a letter, then longer random ones, as UTF-16 and as
        // UTF-8.
        const string Alphabet = "0123456.x";
        var texts = new List<string> { "" };
        for (int length = 1, first = 0; length <= 6; length++)
        {
            int last = texts.Count;
            for (int k = first; k < last; k++)
            {
                texts.AddRange(Alphabet.Select(c => texts[k] + c));
            }

            first = last;
        }

        var random = new Random(20261124);
        for (int n = 0; n < 20_000; n++)
        {
            texts.Add(new string([.. Enumerable.Range(0, random.Next(7, 16)).Select(_ => "0123459.. x"[random.Next(11)])]));
        }

        foreach (string text in texts)
        {
            AgreeOn<char>(text);
            AgreeOn<byte>(Encoding.UTF8.GetBytes(text));
        }

        static void AgreeOn<T>(ReadOnlySpan<T> s)
            where T : unmanaged, System.Numerics.IBinaryInteger<T>
        {
            string text = s.ToString();
            bool reply = CodeReader.ReadReplyPrefix(s, out int value, out _) == SmtpParseError.None;
            CodeReader.TryReadReplyPrefix(s, out int quickValue).Should().Be(reply, text);
            if (reply)
            {
                quickValue.Should().Be(value, text);
            }

            bool status = CodeReader.ReadEnhancedPrefix(s, out int cls, out int subject, out int detail, out int consumed) == SmtpParseError.None;
            int length = CodeReader.TryReadEnhancedPrefix(s, out int quickClass, out int quickSubject, out int quickDetail);
            (length > 0).Should().Be(status, text);
            if (status)
            {
                (length, quickClass, quickSubject, quickDetail).Should().Be((consumed, cls, subject, detail), text);
            }
        }
    }

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    [InlineData(559, true)]
    [InlineData(560, false)]
    [InlineData(600, false)]
    [InlineData(-1, false)]
    public void SmtpReplyCode_TryCreate_ValidatesDigits(int value, bool valid)
    {
        SmtpReplyCode.TryCreate(value, out _).Should().Be(valid);
        Action act = () => SmtpReplyCode.Create(value);
        if (valid)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    [Theory]
    [InlineData("5.1.1", SmtpStatusClass.PermanentFailure, 1, 1)]
    [InlineData("4.7.28", SmtpStatusClass.TransientFailure, 7, 28)]
    [InlineData("2.0.0", SmtpStatusClass.Success, 0, 0)]
    [InlineData("5.999.999", SmtpStatusClass.PermanentFailure, 999, 999)]
    [InlineData("5.7.520", SmtpStatusClass.PermanentFailure, 7, 520)]
    [InlineData(" 5.2.2\t", SmtpStatusClass.PermanentFailure, 2, 2)]
    public void EnhancedStatusCode_Parse_Valid(string text, SmtpStatusClass cls, int subject, int detail)
    {
        EnhancedStatusCode code = EnhancedStatusCode.Parse(text);

        code.Class.Should().Be(cls);
        code.Subject.Should().Be(subject);
        code.Detail.Should().Be(detail);
        EnhancedStatusCode.Parse(Encoding.UTF8.GetBytes(text)).Should().Be(code);
    }

    [Theory]
    [InlineData("", SmtpParseError.Empty, 0)]
    [InlineData("x.1.1", SmtpParseError.ExpectedDigit, 0)]
    [InlineData("3.1.1", SmtpParseError.InvalidClass, 0)]
    [InlineData("55.1.1", SmtpParseError.ExpectedDot, 1)]
    [InlineData("5.1", SmtpParseError.ExpectedDot, 3)]
    [InlineData("5..1", SmtpParseError.ExpectedDigit, 2)]
    [InlineData("5.1.", SmtpParseError.ExpectedDigit, 4)]
    [InlineData("5.1000.1", SmtpParseError.NumberTooLong, 5)]
    [InlineData("5.1.1000", SmtpParseError.NumberTooLong, 7)]
    [InlineData("5.1.1.1", SmtpParseError.TrailingCharacters, 5)]
    [InlineData("5.1.1 user", SmtpParseError.TrailingCharacters, 5)]
    public void EnhancedStatusCode_Parse_Invalid_NamesErrorAndPosition(string text, SmtpParseError error, int position)
    {
        Action act = () => EnhancedStatusCode.Parse(text);

        SmtpFormatException e = act.Should().Throw<SmtpFormatException>().Which;
        e.Error.Should().Be(error);
        e.Position.Should().Be(position);
        EnhancedStatusCode.TryParse(text, out EnhancedStatusCode r).Should().BeFalse();
        r.Should().Be(default(EnhancedStatusCode));
        EnhancedStatusCode.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void EnhancedStatusCode_EqualityAndOrdering_FollowClassSubjectDetail()
    {
        var a = EnhancedStatusCode.Parse("4.2.2");
        var b = EnhancedStatusCode.Parse("5.1.1");
        var c = EnhancedStatusCode.Parse("5.1.10");

        (a < b).Should().BeTrue();
        (b < c).Should().BeTrue();
        b.Should().Be(EnhancedStatusCode.Create(5, 1, 1));
        (b == EnhancedStatusCode.Create(5, 1, 1)).Should().BeTrue();
        b.GetHashCode().Should().Be(EnhancedStatusCode.Create(5, 1, 1).GetHashCode());
        new[] { c, a, b }.Order().Should().Equal(a, b, c);
    }

    [Fact]
    public void EnhancedStatusCode_TryFormat_TooSmallBuffer_Fails()
    {
        var code = EnhancedStatusCode.Parse("5.7.26");
        code.TryFormat(new char[5], out int written, default, null).Should().BeFalse();
        written.Should().Be(0);
        code.TryFormat(new char[6], out written, default, null).Should().BeTrue();
        written.Should().Be(6);
        var utf8 = new byte[9];
        code.TryFormat(utf8, out written, default, null).Should().BeTrue();
        Encoding.UTF8.GetString(utf8, 0, written).Should().Be("5.7.26");
    }

    [Fact]
    public void Describe_KnownAndUnknownCodes()
    {
        EnhancedStatusCodeInfo? info = EnhancedStatusCode.Parse("5.1.1").Describe();
        info!.Title.Should().Be("Bad destination mailbox address");
        info.DefiningRfc.Should().Be("RFC 3463");
        info.IsPermanentInPractice.Should().BeTrue();
        EnhancedStatusCode.Parse("4.2.2").Describe()!.Practice.Should().Be(StatusPractice.Soft);
        EnhancedStatusCode.Parse("5.7.17").Describe()!.DefiningRfc.Should().Be("RFC 7293");
        EnhancedStatusCode.Parse("5.7.26").Describe()!.Practice.Should().Be(StatusPractice.Block);
        EnhancedStatusCode.Parse("5.7.520").Describe().Should().BeNull();
        EnhancedStatusCode.Parse("5.9.1").Describe().Should().BeNull();
    }

    [Fact]
    public void Registry_IsCompleteFromX00ToX730()
    {
        int[] detailsPerSubject = [1, 11, 5, 7, 8, 7, 11, 31];
        EnhancedStatusRegistry.All.Should().HaveCount(detailsPerSubject.Sum());
        for (int subject = 0; subject < detailsPerSubject.Length; subject++)
        {
            for (int detail = 0; detail < detailsPerSubject[subject]; detail++)
            {
                EnhancedStatusRegistry.Find(subject, detail).Should().NotBeNull($"X.{subject}.{detail} is registered");
            }

            EnhancedStatusRegistry.Find(subject, detailsPerSubject[subject]).Should().BeNull();
        }

        EnhancedStatusRegistry.All.Select(e => e.Code).Should().OnlyHaveUniqueItems();
    }
}
