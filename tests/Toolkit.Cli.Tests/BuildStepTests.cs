using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The MSBuild OpenAPI import step (Toolkit.Generator.targets) on a project outside the solution, with file names
/// that a shell would read as commands, quotes and separators. Nothing may run; every document imports and compiles.
/// </summary>
public sealed class BuildStepTests : IDisposable
{
    private readonly ITestOutputHelper _log;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("toolkit-build-step-");

    public BuildStepTests(ITestOutputHelper log) => _log = log;

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>Hostile names: command substitution both ways, quotes, MSBuild's separators and wildcards, spaces.</summary>
    private static readonly string[] Names =
    {
        "x$(touch canary-dollar).yaml",
        "x`touch canary-backtick`.yaml",
        "q\"uote.yaml",
        "apo'strophe.yaml",
        "semi;colon.yaml",
        "with space.yaml",
        "@response-file.yaml",
        "percent%41.yaml",
        "x&& touch canary-and ||.yaml",
        "j$(touch canary-json)son.json",
        "j'son.json",
    };

    private static string Document(string title, bool json) => json
        ? "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"" + title + "\", \"version\": \"1.0.0\" }, \"servers\": [ { \"url\": \"https://api.example.test\" } ],\n"
          + "  \"paths\": { \"/x\": { \"get\": { \"operationId\": \"getX\", \"responses\": { \"200\": { \"description\": \"ok\", \"content\": { \"application/json\": { \"schema\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } } } } } } } } } }\n"
        : $$"""
            openapi: 3.1.0
            info: { title: {{title}}, version: 1.0.0 }
            servers: [ { url: "https://api.example.test" } ]
            paths:
              /x:
                get:
                  operationId: getX
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { type: object, properties: { a: { type: string } } } } } }
            """;

    [Fact]
    public void FileNamesNeverReachAShellAndEveryDocumentBuilds()
    {
        // The project folder's own name is hostile too.
        var project = Directory.CreateDirectory(Path.Combine(_root.FullName, "my app $(touch canary-folder) `x`"));
        var specs = Directory.CreateDirectory(Path.Combine(project.FullName, "specs"));
        var expected = new List<string>();
        for (var i = 0; i < Names.Length; i++)
        {
            var title = "Api" + (i + 1);
            File.WriteAllText(Path.Combine(specs.FullName, Names[i]), Document(title, Names[i].EndsWith(".json", StringComparison.Ordinal)));
            expected.Add(title);
        }
        // An explicit item outside specs/ with an overlay whose name is hostile as well.
        var other = Directory.CreateDirectory(Path.Combine(project.FullName, "other $(touch canary-item)"));
        File.WriteAllText(Path.Combine(other.FullName, "doc `touch canary-doc`.yaml"), Document("Explicit", json: false));
        File.WriteAllText(Path.Combine(other.FullName, "fix \"$(touch canary-overlay)\".yaml"), """
            overlay: 1.0.0
            info: { title: fix, version: 1.0.0 }
            actions:
              - target: $.info
                update: { description: Fixed by an overlay. }
            """);
        expected.Add("Explicit");

        var bin = AppContext.BaseDirectory;
        var build = Path.Combine(SharedData.RepoRoot, "generator", "Toolkit.Generator", "build");
        File.WriteAllText(Path.Combine(project.FullName, "App.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ToolkitCliCommand>dotnet &quot;{{Path.Combine(bin, "toolkit.dll")}}&quot;</ToolkitCliCommand>
              </PropertyGroup>
              <Import Project="{{Path.Combine(build, "Toolkit.Generator.props")}}" />
              <ItemGroup>
                <Analyzer Include="{{Path.Combine(bin, "Toolkit.Generator.dll")}}" />
                <Reference Include="{{Path.Combine(bin, "Toolkit.Runtime.dll")}}" />
                <ToolkitOpenApi Include="other %24(touch canary-item)/doc `touch canary-doc`.yaml" Overlay="other %24(touch canary-item)/fix &quot;%24(touch canary-overlay)&quot;.yaml" />
              </ItemGroup>
              <Import Project="{{Path.Combine(build, "Toolkit.Generator.targets")}}" />
            </Project>
            """);
        // Compiles only if every document was imported and generated.
        File.WriteAllText(Path.Combine(project.FullName, "Uses.cs"),
            "internal static class Uses\n{\n    internal static readonly System.Type[] Clients =\n    {\n"
            + string.Concat(expected.Select(t => $"        typeof({t}.{t}Client),\n"))
            + "    };\n}\n");

        var (exit, output) = Dotnet(project.FullName, "build", "-nodeReuse:false");
        Assert.True(exit == 0, "the build failed:\n" + output);
        Assert.Contains("0 Warning(s)", output);
        var canaries = Directory.EnumerateFiles(_root.FullName, "canary*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Environment.CurrentDirectory, "canary*")).ToList();
        Assert.True(canaries.Count == 0, "a file name ran a command: " + string.Join(", ", canaries));
        // The overlay was applied (its name was passed intact).
        var explicitSpec = Directory.GetFiles(Path.Combine(project.FullName, "obj"), "doc__touch_canary-doc_.*.json", SearchOption.AllDirectories).Single();
        Assert.Contains("Fixed by an overlay.", File.ReadAllText(explicitSpec));
    }

    private (int Exit, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildExtensionsPath");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(" ", args) + " took more than 4 minutes");
        }
        var output = stdout.Result + stderr.Result;
        _log.WriteLine("$ dotnet " + string.Join(" ", args) + "\n" + output);
        return (process.ExitCode, output);
    }
}
