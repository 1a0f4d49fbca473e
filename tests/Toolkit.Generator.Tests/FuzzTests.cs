using System;
using System.Linq;
using System.Text;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Seeded mutations of real specs (truncations, type swaps, deleted or duplicated lines, random bytes) give
/// diagnostics or valid output, never an exception; specs the generator accepts must compile.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Types = { "\"string\"", "\"number\"", "\"integer\"", "\"boolean\"", "\"object\"", "\"array\"", "\"enum\"", "\"binary\"", "\"mask\"", "null", "[]", "{}", "true", "1e999", "-0" };

    [Theory]
    [InlineData(1, 1500)]
    [InlineData(2, 1500)]
    public void MutatedSpecsNeverThrow(int seed, int iterations)
    {
        var random = new Random(seed);
        var bases = new[] { TestPaths.ImageSegmentationSpec, DiagnosticsTests.Minimal };
        var compiled = 0;
        var accepted = 0;
        for (var i = 0; i < iterations; i++)
        {
            var text = Mutate(bases[i % bases.Length], random);
            var (result, output) = GeneratorHarness.Run(("/fuzz/spec.json", text));
            var run = result.Results.Single();
            Assert.True(run.Exception is null, $"iteration {i} threw {run.Exception}\n{text}");
            Assert.DoesNotContain(result.Diagnostics, d => d.Id is "TK9999" or "CS8785");
            Assert.All(result.Diagnostics, d => Assert.StartsWith("TK", d.Id));
            if (result.Diagnostics.IsEmpty)
            {
                accepted++;
                // Compiling is the slow part: check a sample of the accepted mutants.
                if (compiled++ < 40)
                {
                    var errors = GeneratorHarness.CompileErrors(output);
                    Assert.True(errors.Count == 0, $"iteration {i}: accepted spec does not compile: {string.Join("\n", errors.Take(5))}\n{text}");
                }
            }
        }
        Assert.True(accepted > 0, "no mutant was accepted; the mutations are too destructive to test emission");
    }

    private static string Mutate(string text, Random random)
    {
        var count = 1 + random.Next(3);
        for (var n = 0; n < count && text.Length > 0; n++)
        {
            switch (random.Next(8))
            {
                case 0: // truncate
                    text = text.Substring(0, random.Next(text.Length));
                    break;
                case 1: // delete a range
                {
                    var start = random.Next(text.Length);
                    text = text.Remove(start, Math.Min(text.Length - start, 1 + random.Next(20)));
                    break;
                }
                case 2: // random bytes
                {
                    var bytes = new byte[1 + random.Next(8)];
                    random.NextBytes(bytes);
                    text = text.Insert(random.Next(text.Length), Encoding.Latin1.GetString(bytes));
                    break;
                }
                case 3: // swap a type
                {
                    var from = Types[random.Next(7)];
                    var at = text.IndexOf(from, random.Next(text.Length), StringComparison.Ordinal);
                    if (at >= 0) text = text.Remove(at, from.Length).Insert(at, Types[random.Next(Types.Length)]);
                    break;
                }
                case 4: // delete a line (a key, usually)
                case 5: // duplicate a line
                {
                    var lines = text.Split('\n').ToList();
                    var index = random.Next(lines.Count);
                    if (random.Next(2) == 0) lines.RemoveAt(index);
                    else lines.Insert(index, lines[index]);
                    text = string.Join('\n', lines);
                    break;
                }
                case 6: // flip a boolean or a number
                    text = random.Next(2) == 0 ? ReplaceOne(text, "true", "false", random) : ReplaceOne(text, "0", "7", random);
                    break;
                default: // change a character in a name
                {
                    var at = random.Next(text.Length);
                    if (char.IsLetter(text[at])) text = text.Remove(at, 1).Insert(at, ((char)('a' + random.Next(26))).ToString());
                    break;
                }
            }
        }
        return text;
    }

    private static string ReplaceOne(string text, string from, string to, Random random)
    {
        var at = text.IndexOf(from, random.Next(text.Length), StringComparison.Ordinal);
        return at < 0 ? text : text.Remove(at, from.Length).Insert(at, to);
    }
}
