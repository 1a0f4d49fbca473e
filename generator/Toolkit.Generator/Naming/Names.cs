using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Toolkit.Generator.Naming;

/// <summary>
/// The naming authority: every generated name is decided here, from the spec's own names, never by numbering.
/// Format-1 specs keep the names they always had (users' code must keep compiling); format-2 specs follow the v2 rules.
/// </summary>
internal static class Names
{
    /// <summary>
    /// PascalCase by words: separators are anything but letters and digits, and a lower-to-upper change
    /// starts a word ("mask_threshold" and "maskThreshold" both give "MaskThreshold").
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        var startOfWord = true;
        char previous = '\0';
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLetterOrDigit(name, i))
            {
                // A letter outside the BMP is kept, never dropped: the identifier check then reports it.
                sb.Append(c).Append(name[++i]);
                startOfWord = false;
                previous = 'a';
                continue;
            }
            if (!char.IsLetterOrDigit(c))
            {
                startOfWord = true;
                previous = c;
                continue;
            }
            if (char.IsUpper(c) && char.IsLower(previous)) startOfWord = true;
            sb.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
            previous = c;
        }
        return sb.ToString();
    }

    // The spec-wide types: {Prefix} is the PascalCase of the spec's name (see SpecModel, whose properties read these).

    /// <summary>The client: <c>{Prefix}Client</c>.</summary>
    public static string ClientType(string prefix) => prefix + "Client";

    /// <summary>The client's options: <c>{Prefix}ClientOptions</c>.</summary>
    public static string ClientOptionsType(string prefix) => prefix + "ClientOptions";

    /// <summary>The per-call options: <c>{Prefix}RequestOptions</c>.</summary>
    public static string RequestOptionsType(string prefix) => prefix + "RequestOptions";

    /// <summary>The JSON reader and writer: <c>{Prefix}Serializer</c>.</summary>
    public static string SerializerType(string prefix) => prefix + "Serializer";

    /// <summary>The rules' checks: <c>{Prefix}Validator</c>.</summary>
    public static string ValidatorType(string prefix) => prefix + "Validator";

    /// <summary>The contract for contract tests: <c>{Prefix}Contract</c>.</summary>
    public static string ContractType(string prefix) => prefix + "Contract";

    /// <summary>The DI registration's class: <c>{Prefix}ServiceCollectionExtensions</c>.</summary>
    public static string ServiceCollectionExtensionsType(string prefix) => prefix + "ServiceCollectionExtensions";

    /// <summary>The DI registration: <c>services.Add{Prefix}Client(...)</c>.</summary>
    public static string AddClientMethod(string prefix) => "Add" + ClientType(prefix);

    /// <summary>The Microsoft.Extensions.AI adapters' class: <c>{Prefix}AIExtensions</c>.</summary>
    public static string AIExtensionsType(string prefix) => prefix + "AIExtensions";

    /// <summary>Every spec-wide type name with what it is: a spec type named like one of them would not compile.</summary>
    public static (string Name, string What)[] SpecWideTypes(string prefix) => new[]
    {
        (ClientType(prefix), "the generated client type"), (ClientOptionsType(prefix), "the generated clientoptions type"),
        (RequestOptionsType(prefix), "the generated requestoptions type"), (SerializerType(prefix), "the generated serializer type"),
        (ValidatorType(prefix), "the generated validator type"), (ContractType(prefix), "the generated contract type"),
        (ServiceCollectionExtensionsType(prefix), "the generated servicecollectionextensions type"),
    };

    /// <summary>The request payload's type of an operation (or of a one-operation spec): <c>{prefix}Request</c>.</summary>
    public static string RequestType(string prefix) => prefix + "Request";

    /// <summary>The default type of a one-operation spec's response body: <c>{Prefix}Response</c> (array items <c>{Prefix}ResponseItem</c>).</summary>
    public static string ResponseType(string prefix) => prefix + "Response";

    /// <summary>A client method: <c>{Method}Async</c> (<c>SegmentAsync</c>, <c>ChatCompletionStreamAsync</c>).</summary>
    public static string AsyncMethod(string method) => method + "Async";

    /// <summary>The file form of an operation whose raw body is binary: <c>{Method}FromFileAsync</c>.</summary>
    public static string FromFileMethod(string method) => AsyncMethod(method + "FromFile");

    /// <summary>
    /// The accessor of a subclient (<c>subclients</c> key <c>hf-inference</c> → <c>GetHfInferenceClient</c>): a method, as
    /// the Azure SDK's <c>Get{X}Client()</c>, because it makes a new client from the options as they are when called.
    /// </summary>
    public static string SubclientMethod(string key) => "Get" + ClientType(ToPascalCase(key));

    /// <summary>The serializer's parser of an enum's wire names: <c>TryParse{Enum}</c>.</summary>
    public static string TryParseMethod(string enumName) => "TryParse" + enumName;

    /// <summary>
    /// Format 1: the one operation's entry points, as they have always been named, and its contract: the spec's
    /// contract class itself (<c>{Prefix}Contract.Instance</c>).
    /// </summary>
    public static Model.OperationNames SingleOperation(string prefix) => new(
        "SerializeRequest", "DeserializeRequest", "SerializeResponse", "DeserializeResponse", "ValidateRequest", "ValidateResponse", "WriteRequestForm",
        ContractType(prefix));

    /// <summary>
    /// Format 2: the entry points of operation <paramref name="method"/>, e.g. <c>SerializeTextClassificationRequest</c>,
    /// and the class of its contract, held by the spec's contract as property <paramref name="method"/>.
    /// </summary>
    public static Model.OperationNames ForOperation(string method) => new(
        "Serialize" + method + "Request", "Deserialize" + method + "Request", "Serialize" + method + "Response",
        "Deserialize" + method + "Response", "Validate" + method + "Request", "Validate" + method + "Response", "Write" + method + "Form",
        method + "Contract");

    /// <summary>
    /// A streamed operation's entry points: <c>{Op}Stream</c> (the method <c>{Op}StreamAsync</c>, see <see cref="AsyncMethod"/>),
    /// <c>Deserialize{Op}Event</c>, <c>Serialize{Op}Event</c>, and its default event type <c>{Op}StreamEvent</c>.
    /// </summary>
    public static (string Method, string Deserialize, string Serialize, string DefaultEventType) ForStream(string method)
        => (method + "Stream", "Deserialize" + method + "Event", "Serialize" + method + "Event", method + "StreamEvent");

    /// <summary>
    /// A polled operation's job entry points, when its answers differ from its result (<c>poll.job</c>):
    /// <c>Serialize{Op}Job</c>, <c>Deserialize{Op}Job</c>.
    /// </summary>
    public static (string Serialize, string Deserialize) ForJob(string method) => ("Serialize" + method + "Job", "Deserialize" + method + "Job");

    /// <summary>The type of the error body documented for <paramref name="status"/>: <c>{Prefix}Error422</c> (the status is the spec's own name for it).</summary>
    public static string ErrorBodyTypeName(string prefix, int status) => prefix + "Error" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The serializer entry point reading that body: <c>DeserializeError422</c>.</summary>
    public static string ErrorBodyReader(int status) => "DeserializeError" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A method parameter name: camelCase of a PascalCase name (<c>Model</c> → <c>model</c>).</summary>
    public static string Parameter(string pascal) => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    /// <summary>
    /// The default type name of an array's items. Format 1 appends <c>Item</c> at every level (<c>BoxesItemItem</c> for
    /// a list of lists); format 2 only once, for the items that are not themselves arrays.
    /// </summary>
    public static string ArrayItemTypeName(string defaultName, bool itemIsArray, bool wholeApi)
        => wholeApi && itemIsArray ? defaultName : defaultName + "Item";

    /// <summary>
    /// The items of an array its schema titles (<c>ImageSegmentationOutput</c>): <c>{Title}Element</c>, the element of the
    /// titled collection (the name huggingface_hub's generated types give the same items).
    /// </summary>
    public static string ArrayElementTypeName(string arrayTitle) => arrayTitle + "Element";

    /// <summary>
    /// The default type name of a union's variant. Format 1 numbers them (<c>XVariant1</c>: kept, users' code
    /// depends on it); format 2 names them by their kind (<c>EarlyStoppingText</c> for an enum variant of <c>EarlyStopping</c>).
    /// </summary>
    public static string VariantTypeName(string unionName, int index, string? kindText, bool wholeApi)
        => wholeApi && kindText is not null
            ? unionName + KindWord(kindText)
            : unionName + "Variant" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// An object variant told apart by a tag or a marker property is named by it: <c>GrammarTypeJson</c> for the tag
    /// "json" of <c>GrammarType</c>, accessor <c>Json</c>; <c>ConditionIsEmpty</c> for the marker "is_empty".
    /// </summary>
    public static string ToldVariantWord(string tagOrMarker)
    {
        var pascal = ToPascalCase(new string(tagOrMarker.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()));
        return IsValidIdentifier(pascal) ? pascal : "Value" + pascal;
    }

    /// <summary>
    /// The default type name of an object, enum or union written inline in field <paramref name="field"/>: the prefix
    /// (the operation's or definition's name) and the field (<c>AuditLogData</c>); and, for a type nested deeper, the
    /// name that tells it apart by where it sits when another type already has that one: its parent type's name and
    /// the field (<c>AuditLogProjectCreatedData</c>). Never a number: the names stay put when unrelated parts change.
    /// </summary>
    public static (string Default, string? Qualified) NestedTypeNames(string prefix, string parentTypeName, string field)
    {
        var pascal = ToPascalCase(field);
        return (prefix + pascal, parentTypeName == prefix ? null : parentTypeName + pascal);
    }

    /// <summary>
    /// The C# name of a wire name (a field, an enum value) that has no <c>property</c>/<c>name</c> override: its
    /// PascalCase; one that would start with a digit is prefixed with <c>Value</c> ("1g" → <c>Value1g</c>,
    /// "1024x1024" → <c>Value1024x1024</c>); one made only of symbols is spelled out ("+" → <c>Plus</c>). The wire
    /// name is kept as it is. A name that still is no identifier (a letter C# does not allow) is returned as is, for
    /// the caller to report.
    /// </summary>
    public static string MemberName(string wire)
    {
        var pascal = ToPascalCase(wire);
        if (pascal.Length == 0) pascal = SpelledName(wire);
        if (pascal.Length > 0 && char.IsDigit(pascal[0])) pascal = "Value" + pascal;
        return pascal;
    }

    /// <summary>
    /// The name of a wire name whose <see cref="MemberName"/> another one already has (<c>"-1"</c> beside <c>"+1"</c>,
    /// <c>"a.b"</c> beside <c>"a_b"</c>): every symbol becomes a word, so what told the two apart on the wire tells them
    /// apart in C# too (<c>Minus1</c>, <c>ADotB</c>).
    /// </summary>
    public static string SpelledName(string wire)
    {
        if (wire.Length == 0) return "Empty";
        var sb = new StringBuilder(wire.Length * 2);
        foreach (var c in wire)
        {
            var word = SymbolWord(c);
            sb.Append(word is null ? c.ToString() : "_" + word + "_");
        }
        var pascal = ToPascalCase(sb.ToString());
        return pascal.Length > 0 && char.IsDigit(pascal[0]) ? "Value" + pascal : pascal;
    }

    private static string? SymbolWord(char c) => c switch
    {
        '+' => "Plus", '-' => "Minus", '.' => "Dot", '_' => "Underscore", '/' => "Slash", '\\' => "Backslash",
        ':' => "Colon", ' ' => "Space", '*' => "Star", '=' => "Equals", '<' => "Less", '>' => "Greater", '!' => "Not",
        '&' => "And", '|' => "Or", '%' => "Percent", '@' => "At", '#' => "Hash", '$' => "Dollar", '?' => "Question",
        ',' => "Comma", ';' => "Semicolon", '~' => "Tilde", '^' => "Caret", '(' => "Open", ')' => "Close",
        '[' => "OpenBracket", ']' => "CloseBracket", '{' => "OpenBrace", '}' => "CloseBrace", '\'' => "Quote", '"' => "DoubleQuote",
        _ when char.IsLetterOrDigit(c) => null,
        _ => "U" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>"x-use-cache" becomes use-cache (so UseCache): the x- prefix says nothing to a C# reader.</summary>
    public static string HeaderBaseName(string header)
        => header.StartsWith("x-", System.StringComparison.OrdinalIgnoreCase) && header.Length > 2 ? header.Substring(2) : header;

    private static string KindWord(string kindText) => kindText switch
    {
        "enum" or "string" => "Text",
        "array" => "List",
        _ => ToPascalCase(kindText),
    };

    /// <summary>
    /// A union variant's accessor name (<c>IsText</c>, <c>AsTextList</c>): by the variant's JSON kind. Format 1 names
    /// object and enum variants by their type (kept); a whole API names its variants by meaning (<see cref="VariantNames"/>)
    /// and uses this only for the shape of scalars.
    /// </summary>
    public static string VariantName(Model.TypeRef type, bool wholeApi) => type.Kind switch
    {
        Model.ValueKind.String => "Text",
        Model.ValueKind.Number => "Number",
        // By the declared width, as before the integer policy made an integer without format a long: names stay.
        Model.ValueKind.Integer => "Integer",
        Model.ValueKind.Long or Model.ValueKind.ULong => type.Format is "int64" or "uint64" ? "Long" : "Integer",
        Model.ValueKind.DateTime => "DateTime",
        Model.ValueKind.Uuid => "Uuid",
        Model.ValueKind.Boolean => "Boolean",
        Model.ValueKind.Binary => "Bytes",
        Model.ValueKind.Mask => "Mask",
        Model.ValueKind.Map => "Map",
        Model.ValueKind.Array => VariantName(type.Item!, wholeApi) + "List",
        Model.ValueKind.Enum when wholeApi => "Text",
        Model.ValueKind.Object when wholeApi => "Object",
        _ => type.Name!,
    };

    /// <summary>True when <paramref name="name"/> can be used as a C# type or member name without escaping.</summary>
    public static bool IsValidIdentifier(string name)
        => name.Length > 0
           && SyntaxFacts.IsValidIdentifier(name)
           && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
           && name.IndexOf('_') != 0;

    /// <summary>True for a dotted C# namespace such as <c>HuggingFace.Inference</c>.</summary>
    public static bool IsValidNamespace(string name)
    {
        if (name.Length == 0) return false;
        foreach (var part in name.Split('.'))
        {
            if (!IsValidIdentifier(part)) return false;
        }
        return true;
    }

    /// <summary>The edit distance, for "did you mean" hints on unknown keys.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = System.Math.Min(System.Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }
        return d[a.Length, b.Length];
    }
}
