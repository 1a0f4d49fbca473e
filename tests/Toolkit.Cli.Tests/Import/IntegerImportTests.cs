using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>The importers follow the integer policy: the spec's format (hence the C# type) is the width the document says; none is a long.</summary>
public sealed class IntegerImportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-integer-import-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void OpenApiIntegerFormatsKeepTheirWidth()
    {
        var document = Path.Combine(_dir.FullName, "counts.yaml");
        File.WriteAllText(document, """
            openapi: 3.0.3
            info: { title: Counts, version: 1.0.0 }
            paths:
              /counts:
                get:
                  operationId: counts
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              plain: { type: integer }
                              tiny: { type: integer, format: int8 }
                              small: { type: integer, format: int32, default: 2147483647 }
                              wide: { type: integer, format: int64 }
                              unsigned: { type: integer, format: uint32 }
                              seed: { type: integer, format: uint64, default: 18446744073709551615 }
                              rust: { type: integer, format: uint }
                              huge: { type: integer, format: int128 }
                              overflow: { type: integer, format: int32, default: 2147483648 }
            """);
        var (exit, output, error, spec, _) = CliRunner.Import(_dir, document);
        Assert.True(exit == 0, output + error);
        var properties = spec!["operations"]!["counts"]!["response"]!["properties"]!;
        string? Format(string name) => properties[name]!["format"]?.GetValue<string>();
        Assert.Equal(new string?[] { null, "int32", "int32", "int64", "uint32", "uint64", "uint64", null, "int32" },
            new[] { "plain", "tiny", "small", "wide", "unsigned", "seed", "rust", "huge", "overflow" }.Select(Format));
        Assert.Contains("integer format 'int128' read as a 64-bit integer (long)", output);
        // A default is kept where the width holds it.
        Assert.Equal("18446744073709551615", properties["seed"]!["default"]!.ToJsonString());
        Assert.Equal("2147483647", properties["small"]!["default"]!.ToJsonString());
        Assert.Null(properties["overflow"]!["default"]);
    }
}
