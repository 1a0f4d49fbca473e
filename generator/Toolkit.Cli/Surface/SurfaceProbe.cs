using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Toolkit.Cli.Surface;

/// <summary>How a probe site uses a member: the binding checks differ by kind.</summary>
internal enum ProbeKind
{
    /// <summary>Reads a property, field or enum member into a local of its old type.</summary>
    Read,

    /// <summary>Sets a property from a local of its old type.</summary>
    Write,

    /// <summary>Creates the type with the old required members set.</summary>
    Create,

    /// <summary>Calls a method with every old argument by position.</summary>
    CallPositional,

    /// <summary>Calls a method with its old required arguments and a prefix of its optional ones, by position.</summary>
    CallRequired,

    /// <summary>Calls a method with every old argument by name.</summary>
    CallNamed,

    /// <summary>Converts a value with a user-defined conversion.</summary>
    Convert,
}

/// <summary>One use of an old public member: a method of the probe class (<c>S{Index}</c>).</summary>
/// <param name="Member">The member without its namespace (<c>EmbedRequest.Truncate</c>, <c>Client.EmbedAsync</c>).</param>
/// <param name="Signature">The old member as users saw it, for messages.</param>
/// <param name="Parameters">The old method's parameters (name, type) in order; empty for other members.</param>
/// <param name="TypeMetadataName">The declaring type's metadata name, to find it in the new version.</param>
/// <param name="TypeName">The declaring type without its namespace.</param>
/// <param name="Arguments">For a call by position, how many of the old parameters it passes.</param>
internal sealed record ProbeSite(int Index, string Member, ProbeKind Kind, string Signature, IReadOnlyList<(string Name, string Type)> Parameters, string TypeMetadataName, string MethodName, string TypeName, int Arguments);

/// <summary>
/// Code written against the old version's public surface, the way users write it: every public type named, every
/// property read into its old type and set from it, every type created with its old required members, every method
/// called by position (all arguments, then only the required ones) and by name, every enum member named. Compiled
/// against the new version, its errors are the errors users get; its bindings say where an old call now goes.
/// </summary>
internal static class SurfaceProbe
{
    public const string ClassName = "ToolkitSurfaceProbe";

    /// <summary>Types as users write them: fully qualified, with nullable annotations.</summary>
    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Types in messages: short names, with nullable annotations.</summary>
    internal static readonly SymbolDisplayFormat ShortFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayFormat.MinimallyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static (string Source, IReadOnlyList<ProbeSite> Sites) Build(Compilation old)
    {
        var sites = new List<ProbeSite>();
        var body = new StringBuilder();
        foreach (var type in PublicTypes(old.Assembly.GlobalNamespace))
        {
            AddType(type, sites, body);
        }
        var source = "#nullable enable\n#pragma warning disable CS0618, CS0219, CS0168, CS8019\ninternal static class " + ClassName + "\n{\n" + body + "}\n";
        return (source, sites);
    }

    /// <summary>Public types users can name: public all the way out, not generic.</summary>
    public static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var t in PublicTypes(ns)) yield return t;
            }
            else if (member is INamedTypeSymbol type && type.DeclaredAccessibility == Accessibility.Public && !type.IsImplicitlyDeclared && type.Arity == 0)
            {
                yield return type;
                foreach (var nested in PublicTypes(type)) yield return nested;
            }
        }
    }

    /// <summary>The type's name without its namespace (<c>Outer.Inner</c>).</summary>
    public static string Name(INamedTypeSymbol type) => type.ContainingType is { } outer ? Name(outer) + "." + type.Name : type.Name;

    public static string MetadataName(INamedTypeSymbol type)
        => type.ContainingType is { } outer ? MetadataName(outer) + "+" + type.MetadataName
            : (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + type.MetadataName;

    private static void AddType(INamedTypeSymbol type, List<ProbeSite> sites, StringBuilder body)
    {
        var fq = type.ToDisplayString(TypeFormat);
        var name = Name(type);
        var metadata = MetadataName(type);
        void Site(string member, ProbeKind kind, string signature, string code, IReadOnlyList<(string, string)>? parameters = null, string methodName = "", int arguments = 0)
        {
            var index = sites.Count;
            sites.Add(new ProbeSite(index, member, kind, signature, parameters ?? System.Array.Empty<(string, string)>(), metadata, methodName, name, arguments));
            body.Append("    internal static void S").Append(index.ToString(CultureInfo.InvariantCulture)).Append("()\n    {\n        ").Append(code).Append("\n    }\n");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst))
            {
                Site(name + "." + field.Name, ProbeKind.Read, name + "." + field.Name, $"{fq} v = {fq}.{Escape(field.Name)};");
            }
            return;
        }
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return;
        var instance = type.IsStatic ? null : fq + " x = default!; ";
        var required = type.GetMembers().Where(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }).Select(m => Escape(m.Name) + " = default!").ToList();
        var initializer = required.Count == 0 ? "" : " { " + string.Join(", ", required) + " }";

        foreach (var member in type.GetMembers().Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared))
        {
            switch (member)
            {
                case IPropertySymbol { IsIndexer: false } p:
                {
                    var pt = p.Type.ToDisplayString(TypeFormat);
                    var target = p.IsStatic ? fq : (instance is null ? null : "x");
                    if (target is null) break;
                    var prefix = p.IsStatic ? "" : instance;
                    var signature = $"{p.Type.ToDisplayString(ShortFormat)} {name}.{p.Name}";
                    if (p.GetMethod is { DeclaredAccessibility: Accessibility.Public })
                    {
                        Site(name + "." + p.Name, ProbeKind.Read, signature, $"{prefix}{pt} v = {target}.{Escape(p.Name)};");
                    }
                    if (p.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false })
                    {
                        Site(name + "." + p.Name, ProbeKind.Write, signature, $"{prefix}{pt} w = default!; {target}.{Escape(p.Name)} = w;");
                    }
                    break;
                }
                case IFieldSymbol f when !f.IsImplicitlyDeclared:
                {
                    var target = f.IsStatic || f.IsConst ? fq : (instance is null ? null : "x");
                    if (target is null) break;
                    var prefix = f.IsStatic || f.IsConst ? "" : instance;
                    Site(name + "." + f.Name, ProbeKind.Read, $"{f.Type.ToDisplayString(ShortFormat)} {name}.{f.Name}", $"{prefix}{f.Type.ToDisplayString(TypeFormat)} v = {target}.{Escape(f.Name)};");
                    break;
                }
                case IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } c when !type.IsAbstract:
                {
                    var (declarations, args, _) = Arguments(c.Parameters, c.Parameters.Length, named: false);
                    Site(name + "..ctor", ProbeKind.Create, $"new {name}({Describe(c.Parameters)})", $"{declarations}var v = new {fq}({args}){initializer};", Parameters(c.Parameters));
                    break;
                }
                case IMethodSymbol { MethodKind: MethodKind.Conversion } conversion when conversion.Parameters.Length == 1:
                {
                    var from = conversion.Parameters[0].Type.ToDisplayString(TypeFormat);
                    var to = conversion.ReturnType.ToDisplayString(TypeFormat);
                    var cast = conversion.Name == WellKnownMemberNames.ExplicitConversionName ? "(" + to + ")" : "";
                    Site(name + "." + conversion.Name, ProbeKind.Convert, $"{conversion.ReturnType.ToDisplayString(ShortFormat)}({conversion.Parameters[0].Type.ToDisplayString(ShortFormat)})",
                        $"{from} a = default!; {to} v = {cast}a;");
                    break;
                }
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false } m:
                {
                    var target = m.IsStatic ? fq : (instance is null ? null : "x");
                    if (target is null) break;
                    var prefix = m.IsStatic ? "" : instance;
                    var methodMember = name + "." + m.Name;
                    var signature = $"{name}.{m.Name}({Describe(m.Parameters)})";
                    var result = m.ReturnsVoid ? "" : m.ReturnType.ToDisplayString(TypeFormat) + " r = ";
                    var parameters = Parameters(m.Parameters);
                    string Call(int count, bool named)
                    {
                        var (declarations, args, _) = Arguments(m.Parameters, count, named);
                        return $"{prefix}{declarations}{result}{target}.{Escape(m.Name)}({args});";
                    }
                    // By position as users call: the required arguments, then each longer prefix of the optional ones
                    // (EmbedAsync(inputs, true)): an optional parameter inserted anywhere moves some prefix.
                    var requiredCount = m.Parameters.TakeWhile(p => !p.IsOptional && !p.IsParams).Count();
                    for (var count = requiredCount; count < m.Parameters.Length; count++)
                    {
                        Site(methodMember, ProbeKind.CallRequired, signature, Call(count, named: false), parameters, m.Name, count);
                    }
                    Site(methodMember, ProbeKind.CallPositional, signature, Call(m.Parameters.Length, named: false), parameters, m.Name, m.Parameters.Length);
                    if (m.Parameters.Length > 0) Site(methodMember, ProbeKind.CallNamed, signature, Call(m.Parameters.Length, named: true), parameters, m.Name);
                    break;
                }
            }
        }
        // A type with an accessible parameterless constructor (a plain class) is created with its required members set.
        if (!type.IsStatic && !type.IsAbstract && (type.TypeKind == TypeKind.Struct || type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0 && c.IsImplicitlyDeclared)))
        {
            Site(name + "..ctor", ProbeKind.Create, $"new {name}(){initializer}", $"var v = new {fq}(){initializer};");
        }
    }

    private static IReadOnlyList<(string, string)> Parameters(IEnumerable<IParameterSymbol> parameters)
        => parameters.Select(p => (p.Name, p.Type.ToDisplayString(ShortFormat))).ToList();

    private static string Describe(IEnumerable<IParameterSymbol> parameters)
        => string.Join(", ", parameters.Select(p => p.Type.ToDisplayString(ShortFormat) + " " + p.Name + (p.IsOptional ? " = ..." : "")));

    /// <summary>Locals of the old parameter types, and the argument list that passes the first <paramref name="count"/> of them.</summary>
    private static (string Declarations, string Args, int Count) Arguments(IReadOnlyList<IParameterSymbol> parameters, int count, bool named)
    {
        var declarations = new StringBuilder();
        var args = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var p = parameters[i];
            declarations.Append(p.Type.ToDisplayString(TypeFormat)).Append(" a").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" = default!; ");
            var modifier = p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => "" };
            args.Add((named ? Escape(p.Name) + ": " : "") + modifier + "a" + i.ToString(CultureInfo.InvariantCulture));
        }
        return (declarations.ToString(), string.Join(", ", args), count);
    }

    private static string Escape(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
