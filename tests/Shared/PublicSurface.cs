using System;
using System.IO;
using System.Linq;
using System.Reflection;
using PublicApiGenerator;
using Xunit;

namespace Toolkit.Tests.Shared;

/// <summary>
/// The public surface of an assembly (or of the types of some namespaces in it), as C# declarations, compared with a
/// checked-in file, so a rename, a moved parameter or a new member shows up in review. Set TOOLKIT_UPDATE_BASELINES=1
/// to rewrite the files after an intended change, then review the diff.
/// </summary>
internal static class PublicSurface
{
    private const string UpdateVariable = "TOOLKIT_UPDATE_BASELINES";

    /// <summary>The assembly's public surface, limited to the namespaces that <paramref name="include"/> accepts.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests run untrimmed; the surface is read from the assembly as built.")]
    public static string Of(Assembly assembly, Func<string, bool>? include = null)
    {
        var types = assembly.GetExportedTypes().Where(t => include is null || include(t.Namespace ?? "")).ToArray();
        Assert.NotEmpty(types);
        var options = new ApiGeneratorOptions
        {
            IncludeTypes = types,
            IncludeAssemblyAttributes = false,
            // The generator's version changes with every build; it is not part of what users call.
            ExcludeAttributes = new[] { "System.CodeDom.Compiler.GeneratedCodeAttribute" },
        };
        return assembly.GeneratePublicApi(options).Replace("\r\n", "\n");
    }

    /// <summary>Asserts that <paramref name="surface"/> equals the baseline at <paramref name="path"/> (or rewrites it).</summary>
    public static void Matches(string path, string surface)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, surface);
            return;
        }
        Assert.True(File.Exists(path), $"No public-surface baseline at {path}: run the tests with {UpdateVariable}=1 once and review it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == surface) return;
        var a = expected.Split('\n');
        var b = surface.Split('\n');
        var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        Assert.Fail($"The public surface differs from {path} at line {line + 1}:\n  baseline: {(line < a.Length ? a[line] : "(end)")}\n  now:      {(line < b.Length ? b[line] : "(end)")}\n"
            + $"If the change is intended, run the tests with {UpdateVariable}=1 and review the diff.");
    }
}
