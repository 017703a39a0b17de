using System.Text;
using BounceKit.Cli;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
Console.InputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
int exit = BounceKitCli.Run(args, Console.In, stdout, Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
stdout.Flush();
return exit;
