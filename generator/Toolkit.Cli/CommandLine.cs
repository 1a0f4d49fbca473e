using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.CommandLine.Parsing;
using Toolkit.Cli.Commands;

namespace Toolkit.Cli;

/// <summary>The <c>toolkit</c> command and its verbs. Exit codes: see <see cref="ExitCodes"/>.</summary>
public static class CommandLine
{
    /// <summary>Parses and runs a command line, writing to the given writers (tests run the CLI in-process).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // Nothing an input holds reaches the terminal as a control character.
        output = new TerminalText(output);
        error = new TerminalText(error);
        try
        {
            return RunSafely(args, output, error);
        }
        finally
        {
            output.Flush();
            error.Flush();
        }
    }

    private static int RunSafely(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length >= 1 && args[0] == ArgumentsFileOption)
        {
            if (args.Length != 2)
            {
                error.WriteLine($"error: {ArgumentsFileOption} takes one file and nothing else.");
                return ExitCodes.InvalidInput;
            }
            try
            {
                args = ReadArgumentsFile(args[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {ArgumentsFileOption} '{args[1]}': {e.Message}");
                return ExitCodes.InvalidInput;
            }
        }
        var root = new RootCommand("Toolkit: typed clients from versioned JSON API specs. Verify recordings, record exchanges, diff spec versions, import task schemas.");
        root.Subcommands.Add(VerifyCommand.Create(output, error));
        root.Subcommands.Add(ReplayCommand.Create(output, error));
        root.Subcommands.Add(RecordCommand.Create(output, error));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        root.Subcommands.Add(ImportCommand.Create(output, error));
        // No response files: a document named "@x.yaml" is a file name, never a list of arguments to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (UnknownOptions(parse) is { Count: > 0 } unknown)
        {
            // An unknown option is never read as a file name (nor does it hide behind "--spec is required").
            var command = parse.CommandResult.Command;
            foreach (var token in unknown)
            {
                var known = command.Options.SelectMany(o => new[] { o.Name }.Concat(o.Aliases)).Where(n => n.StartsWith('-')).ToList();
                var near = known.OrderBy(n => Distance(n, token)).FirstOrDefault(n => Distance(n, token) <= 2);
                error.WriteLine($"error: unknown option '{token}'" + (near is null ? "." : $"; did you mean '{near}'?"));
            }
            error.WriteLine($"Run 'toolkit {(command is RootCommand ? "" : command.Name + " ")}--help' for usage.");
            return ExitCodes.InvalidInput;
        }
        if (parse.Errors.Count > 0)
        {
            // Usage errors are bad input (2), never "problems found" (1), which is what System.CommandLine returns.
            foreach (var problem in parse.Errors) error.WriteLine("error: " + problem.Message);
            error.WriteLine($"Run 'toolkit {(parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ")}--help' for usage.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: cancelled.");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (Exception e)
        {
            // Whatever the input, no stack trace: one line, and where to report it.
            error.WriteLine($"error: unexpected {e.GetType().Name}: {Toolkit.Runtime.Errors.Secrets.ScrubTokenShapes(FirstLine(e.Message))} (a bug in toolkit; please report it with the command line and input files).");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>
    /// <c>toolkit --arguments-file FILE</c>: the arguments are FILE's lines, each taken verbatim (no quoting, no
    /// expansion, no splitting). The MSBuild import step passes file names this way so that none of them is ever
    /// on a shell's command line.
    /// </summary>
    public const string ArgumentsFileOption = "--arguments-file";

    /// <summary>At most this many bytes: an arguments file holds a few paths.</summary>
    private const int MaxArgumentsFileBytes = 1 << 20;

    private static string[] ReadArgumentsFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxArgumentsFileBytes) throw new IOException($"larger than {MaxArgumentsFileBytes} bytes.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lines = new System.Collections.Generic.List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) lines.Add(line);
        }
        return lines.ToArray();
    }

    /// <summary>Arguments that look like options (<c>--name</c>, <c>-x</c>) and name no file or folder: options the command does not have.</summary>
    private static System.Collections.Generic.List<string> UnknownOptions(ParseResult parse)
        => parse.Tokens.Where(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-' && t.Value != "--"
                && !File.Exists(t.Value) && !Directory.Exists(t.Value) && !double.TryParse(t.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(t => t.Value).Concat(parse.UnmatchedTokens.Where(t => t.StartsWith('-'))).Distinct().ToList();

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
    }
}

/// <summary>What the <c>toolkit</c> exit code means.</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing wrong found.</summary>
    public const int Success = 0;

    /// <summary>The check found problems: violations (verify), or changes at or above --fail-on (diff).</summary>
    public const int ProblemsFound = 1;

    /// <summary>Bad usage or input: an unreadable file, a spec with errors, a malformed cassette.</summary>
    public const int InvalidInput = 2;

    /// <summary>The service could not be reached (record).</summary>
    public const int Unreachable = 3;
}
