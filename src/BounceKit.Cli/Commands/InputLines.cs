namespace BounceKit.Cli.Commands;

/// <summary>The inputs of a command: its TEXT arguments, or else the lines of standard input, streamed.</summary>
internal static class InputLines
{
    /// <summary>One input with where it came from, for error messages.</summary>
    public readonly record struct Line(int Number, string Text, bool FromArgument)
    {
        public string Where => FromArgument ? $"argument {Number}" : $"line {Number}";
    }

    public static IEnumerable<Line> Read(string[]? arguments, TextReader stdin)
    {
        if (arguments is { Length: > 0 })
        {
            for (int i = 0; i < arguments.Length; i++)
            {
                yield return new Line(i + 1, arguments[i], FromArgument: true);
            }

            yield break;
        }

        int number = 0;
        while (stdin.ReadLine() is { } text)
        {
            number++;
            yield return new Line(number, text, FromArgument: false);
        }
    }
}
