using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Cli.Commands;

/// <summary>
/// <c>--operation</c> values: <c>NAME</c> settles every exchange several operations fit; <c>PATTERN=NAME</c> only those
/// of the files whose name matches the pattern (<c>*</c> and <c>?</c>), so that one run over a folder of mixed
/// recordings can name each file's operation. An exchange that names its own operation keeps it.
/// </summary>
internal sealed class OperationChoice
{
    private readonly List<(Regex Pattern, string Operation)> _byFile = new();

    private OperationChoice(string? everywhere) => Everywhere = everywhere;

    /// <summary>The operation named for every file, if one was.</summary>
    public string? Everywhere { get; }

    /// <summary>Every operation named, to check against the spec.</summary>
    public IEnumerable<string> Names => _byFile.Select(b => b.Operation).Concat(Everywhere is null ? Array.Empty<string>() : new[] { Everywhere });

    public static OperationChoice? Parse(IReadOnlyList<string> values, TextWriter error)
    {
        var plain = values.Where(v => !v.Contains('=')).ToList();
        if (plain.Count > 1)
        {
            error.WriteLine("error: --operation NAME may be given once; name the operation of particular files with --operation 'PATTERN=NAME'.");
            return null;
        }
        var choice = new OperationChoice(plain.SingleOrDefault());
        foreach (var value in values.Where(v => v.Contains('=')))
        {
            var eq = value.IndexOf('=');
            var (pattern, name) = (value[..eq].Trim(), value[(eq + 1)..].Trim());
            if (pattern.Length == 0 || name.Length == 0)
            {
                error.WriteLine($"error: --operation '{value}' is not 'PATTERN=NAME' (e.g. 'text_classification*=text-classification').");
                return null;
            }
            choice._byFile.Add((new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant), name));
        }
        return choice;
    }

    /// <summary>Names the operation of the exchanges of files a pattern matches (those that do not name their own).</summary>
    public void Apply(List<(string Path, Cassette Cassette)> cassettes)
    {
        foreach (var (path, cassette) in cassettes)
        {
            var name = Path.GetFileName(path);
            var match = _byFile.FirstOrDefault(b => b.Pattern.IsMatch(name));
            if (match.Operation is null) continue;
            for (var i = 0; i < cassette.Exchanges.Count; i++)
            {
                if (cassette.Exchanges[i].Operation is null) cassette.Exchanges[i] = cassette.Exchanges[i] with { Operation = match.Operation };
            }
        }
    }
}
