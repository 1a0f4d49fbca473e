using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SegmentationStandIn;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Toolkit.Packaging.Tests;

/// <summary>
/// Packs the packages into a folder feed and follows the README's "Install from packages" steps in a new folder
/// outside the solution: a new console project, the package, one spec under specs/, build, run against the local
/// stand-in. Anything the README does not say is not done here. Then the OpenAPI build step as the README describes
/// it: a YAML document under specs/ imported on build with nothing installed (the package brings the importer from the
/// same feed), and a broken document failing the build with its file and line.
/// </summary>
public sealed class PackAndConsumeTests : IDisposable
{
    private static readonly string[] Packable =
    {
        "runtime/Toolkit.Runtime/Toolkit.Runtime.csproj",
        "runtime/Toolkit.Http/Toolkit.Http.csproj",
        "runtime/Toolkit.Testing/Toolkit.Testing.csproj",
        "generator/Toolkit.Cli/Toolkit.Cli.csproj",
    };

    private readonly ITestOutputHelper _log;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("toolkit-consumer-");

    public PackAndConsumeTests(ITestOutputHelper log) => _log = log;

    public void Dispose() => _root.Delete(recursive: true);

    private string Run(string workingDirectory, params string[] args) => Run(workingDirectory, isolatedPackages: true, args);

    private string Run(string workingDirectory, bool isolatedPackages, params string[] args) => Run(workingDirectory, isolatedPackages, expectSuccess: true, args);

    private string Run(string workingDirectory, bool isolatedPackages, bool expectSuccess, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The consumer gets a package cache of its own: a package rebuilt with the same version must never come
        // from an old cache. Packing the repository keeps the usual one, so its restore state stays valid.
        if (isolatedPackages) start.Environment["NUGET_PACKAGES"] = Path.Combine(_root.FullName, "nuget-packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
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
        if (expectSuccess) Assert.True(process.ExitCode == 0, "dotnet " + string.Join(" ", args) + " failed:\n" + output);
        else Assert.True(process.ExitCode != 0, "dotnet " + string.Join(" ", args) + " succeeded where it should not:\n" + output);
        return output;
    }

    [Fact]
    public async Task PackagesFromAFolderFeedGiveAWorkingClientByTheReadmeAlone()
    {
        var repo = SharedData.RepoRoot;
        var feed = Path.Combine(_root.FullName, "toolkit-packages");
        // The README's version suffix: each pack is its own prerelease, so an old package of the same version in the
        // NuGet cache can never stand in for this one.
        var suffix = "local." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in Packable)
        {
            // --no-restore: the solution is restored already, and other test projects may be building from it meanwhile.
            Run(repo, isolatedPackages: false, "pack", Path.Combine(repo, project), "-c", "Release", "--no-restore", "-o", feed,
                "--version-suffix", suffix, "-p:ContinuousIntegrationBuild=true");
        }
        Assert.Equal(4, Directory.GetFiles(feed, "*.nupkg").Length);
        Assert.All(Directory.GetFiles(feed, "*.nupkg"), p => Assert.EndsWith($".0.1.0-{suffix}.nupkg", p));

        // The README's steps, verbatim.
        Run(_root.FullName, "new", "console", "-o", "MyApp");
        var app = Path.Combine(_root.FullName, "MyApp");
        Run(app, "new", "nugetconfig");
        Run(app, "nuget", "add", "source", "../toolkit-packages", "--name", "toolkit", "--configfile", "nuget.config");
        Run(app, "add", "package", "Toolkit.Runtime", "--prerelease");
        Assert.Contains($"Version=\"0.1.0-{suffix}\"", File.ReadAllText(Path.Combine(app, "MyApp.csproj")));
        var specs = Directory.CreateDirectory(Path.Combine(app, "specs", "image-segmentation"));
        File.Copy(Path.Combine(repo, "specs", "huggingface", "image-segmentation", "2.0.0.json"), Path.Combine(specs.FullName, "2.0.0.json"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerApp.Program);
        var build = Run(app, "build", "-warnaserror");
        Assert.Contains("0 Warning(s)", build);

        await using var server = await StandInServer.StartAsync();
        var image = Path.Combine(repo, "samples", "SegmentImage", "assets", "shapes.png");
        var output = Run(app, "run", "--no-build", "--", server.BaseAddress.ToString(), image);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("segment ", StringComparison.Ordinal) && l.Contains("area", StringComparison.Ordinal));
        Assert.Matches(@"\n[1-9][0-9]* segments", "\n" + output);

        // The tool from the same feed.
        var tools = Path.Combine(_root.FullName, "tools");
        Run(_root.FullName, "tool", "install", "Toolkit.Cli", "--prerelease", "--tool-path", tools, "--add-source", feed);
        var toolkit = Path.Combine(tools, OperatingSystem.IsWindows() ? "toolkit.exe" : "toolkit");
        var help = Process.Start(new ProcessStartInfo(toolkit, "--help") { RedirectStandardOutput = true })!;
        var text = await help.StandardOutput.ReadToEndAsync();
        await help.WaitForExitAsync();
        Assert.Equal(0, help.ExitCode);
        foreach (var verb in new[] { "verify", "record", "diff", "import" }) Assert.Contains(verb, text);

        // An OpenAPI document under specs/ is imported on build and generated like a spec, with nothing more than the
        // package: its build step brings the importer of its own release from the project's package sources.
        File.WriteAllText(Path.Combine(specs.FullName, "..", "store.yaml"), """
            openapi: 3.1.0
            info: { title: Pet Store, version: 1.0.0 }
            servers: [ { url: "https://store.example.test/v1" } ]
            paths:
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
                  responses:
                    "200":
                      description: A pet.
                      content:
                        application/json:
                          schema:
                            type: object
                            required: [name]
                            properties: { name: { type: string }, born: { type: string, format: date-time } }
            """);
        File.WriteAllText(Path.Combine(app, "UsesTheStore.cs"), """
            internal static class UsesTheStore
            {
                // Compiles only if the build imported specs/store.yaml and generated its client.
                internal static System.Type Client => typeof(PetStore.PetStoreClient);
                internal static System.DateTimeOffset? Born(PetStore.GetPetResponse pet) => pet.Born;
            }
            """);
        var importer = Path.Combine(_root.FullName, "nuget-packages", "toolkit.cli", "0.1.0-" + suffix, "tools", "net10.0", "any", "toolkit.dll");
        Assert.False(File.Exists(importer), "the importer is in the consumer's NuGet cache before its build asked for it");
        var imported = Run(app, isolatedPackages: true, expectSuccess: true, "build", "-warnaserror");
        Assert.Contains("0 Warning(s)", imported);
        Assert.True(File.Exists(importer), "the importer was not brought into the NuGet cache");

        // A document that cannot be read is a build error naming it, with its line.
        File.WriteAllText(Path.Combine(specs.FullName, "..", "broken-openapi.json"), "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": { ,\n}");
        var broken = Run(app, isolatedPackages: true, expectSuccess: false, "build");
        Assert.Contains("broken-openapi.json(3,", broken);
        Assert.Contains("error TKO001: not valid JSON", broken);
    }
}
