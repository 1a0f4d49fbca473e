using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// One naming authority: the generated names users call (spec-wide types, client methods, DI registration, contract,
/// TryParse helpers, request and response types) are made in Naming/Names.cs and read from the model everywhere
/// else; the private helpers' names (<c>Read{Type}</c>, <c>Validate{Type}</c>, <c>CreateRequest{Method}</c>) in
/// Naming/HelperNames.cs. A name built again by concatenation elsewhere (<c>+ "Client"</c>, <c>Add{...}Client</c>, <c>{...}Async</c>)
/// is a second copy of a rule that can drift.
/// </summary>
public sealed class NamingAuthorityTests
{
    private static readonly Regex Built = new(
        @"\+ ""(Client|ClientOptions|RequestOptions|Serializer|Validator|Contract|ServiceCollectionExtensions|AIExtensions|Request|Response|Async|FromFileAsync)""" +
        @"|""(Add|TryParse)"" \+" +
        @"|\{[A-Za-z_.!]+\}(Client|ClientOptions|RequestOptions|Serializer|Validator|Contract|ServiceCollectionExtensions|AIExtensions|Request|Response|Async|FromFileAsync)\b" +
        @"|(Add|TryParse)\{" +
        // the private helpers' names (HelperNames): Read{Type}, Validate{Type}, CreateRequest{Method}, _transport..., path...
        @"|""(Read|Write|Validate|Allowed|CreateRequest|CreateStreamRequest|BuildUri|ReadResponse|Operation|StreamFormat|_transport|path)"" \+" +
        @"|\b(Read|Write|Validate|Allowed)\{(o|u|e|type|item|op)\." +
        @"|Helper\(op,",
        RegexOptions.CultureInvariant);

    /// <summary>The generator outside Naming/, and the CLI's code that reads generated code (the importers map schemas, not generated names).</summary>
    private static readonly string[] Folders =
    {
        "generator/Toolkit.Generator/Emit", "generator/Toolkit.Generator/Parsing", "generator/Toolkit.Generator/Model",
        "generator/Toolkit.Generator/Versioning", "generator/Toolkit.Cli/Specs", "generator/Toolkit.Cli/Commands",
        "generator/Toolkit.Cli/Surface", "generator/Toolkit.Cli/Contracts",
    };

    [Fact]
    public void NoGeneratedNameIsBuiltOutsideTheNamingAuthority()
    {
        var found = Folders
            .SelectMany(f => Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, f), "*.cs", SearchOption.AllDirectories))
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, i)))
            .Where(x => !x.line.TrimStart().StartsWith("//", System.StringComparison.Ordinal) && Built.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(TestPaths.RepoRoot, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "Names built outside Naming/Names.cs:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheModelReadsItsNamesFromTheAuthority()
    {
        var spec = Parsing.SpecParser.Parse("/specs/image-segmentation/1.0.0.json", TestPaths.ImageSegmentationSpec, null, default).Value!;
        Assert.Equal(Naming.Names.ClientType("ImageSegmentation"), spec.ClientName);
        Assert.Equal(Naming.Names.AddClientMethod("ImageSegmentation"), spec.AddClientMethodName);
        Assert.Equal(Naming.Names.ContractType("ImageSegmentation"), spec.Operations[0].Names.Contract);
        Assert.Equal(Naming.Names.RequestType("ImageSegmentation"), spec.Operations[0].RequestTypeName);
        Assert.Equal("SegmentAsync", spec.Operations[0].Method);
        Assert.Equal("SegmentFromFileAsync", spec.Operations[0].FromFileMethod);
    }
}
