using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Versioning;

/// <summary>
/// Compares two versions of a spec and classifies every difference with a rule (see <see cref="ChangeRules"/>).
/// Works on the equatable model, so the generator (semver diagnostics) and the CLI (<c>toolkit diff</c>) share it.
/// </summary>
internal sealed class SpecDiff
{
    private enum Side
    {
        Request,
        Response,
    }

    private readonly SpecModel _old;
    private readonly SpecModel _new;
    private readonly List<SpecChange> _changes = new();

    private readonly TypeIndex _oldTypes;
    private readonly TypeIndex _newTypes;

    /// <summary>Named types already compared (old name, new name, side): each is compared once, which also ends recursion.</summary>
    private readonly HashSet<(string, string, Side)> _compared = new();

    /// <summary>Named types whose C# name changed, reported once.</summary>
    private readonly HashSet<(string, string)> _renamed = new();

    private SpecDiff(SpecModel old, SpecModel @new)
    {
        _old = old;
        _new = @new;
        _oldTypes = new TypeIndex(old);
        _newTypes = new TypeIndex(@new);
    }

    /// <summary>The spec's named types by name.</summary>
    private sealed class TypeIndex
    {
        public TypeIndex(SpecModel spec)
        {
            Objects = spec.Objects.GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Enums = spec.Enums.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Unions = spec.Unions.GroupBy(u => u.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }

        public Dictionary<string, ObjectTypeSpec> Objects { get; }

        public Dictionary<string, EnumTypeSpec> Enums { get; }

        public Dictionary<string, UnionTypeSpec> Unions { get; }
    }

    /// <summary>Every change from <paramref name="old"/> to <paramref name="new"/>, in spec order.</summary>
    public static EquatableArray<SpecChange> Compare(SpecModel old, SpecModel @new)
    {
        var diff = new SpecDiff(old, @new);
        diff.CompareBaseUrl();
        diff.CompareSubclients();
        diff.CompareHeaders();
        diff.CompareOperations();
        diff.CompareErrorBodies();
        return diff._changes.ToEquatableArray();
    }

    /// <summary>Error bodies documented per status, compared like response bodies (clients read them the same way).</summary>
    private void CompareErrorBodies()
    {
        var oldBodies = _old.Errors?.Bodies ?? EquatableArray<ErrorBodySpec>.Empty;
        var newBodies = (_new.Errors?.Bodies ?? EquatableArray<ErrorBodySpec>.Empty).ToDictionary(b => b.Status);
        foreach (var o in oldBodies)
        {
            var status = o.Status.ToString(CultureInfo.InvariantCulture);
            var path = "errors.bodies." + status;
            if (!newBodies.TryGetValue(o.Status, out var n))
            {
                Add(ChangeRules.ResponseFieldRemoved, path, $"The documented body of error {status} was removed: clients reading ApiException.Body get null.", status, null, new[] { "errors", "bodies" });
                continue;
            }
            CompareType(o.Type, n.Type, path, new List<string> { "errors", "bodies", status }, Side.Response);
        }
        foreach (var n in newBodies.Values.Where(n => !oldBodies.Any(o => o.Status == n.Status)))
        {
            var status = n.Status.ToString(CultureInfo.InvariantCulture);
            Add(ChangeRules.ResponseFieldAdded, "errors.bodies." + status, $"A body is now documented for error {status}.", null, status, new[] { "errors", "bodies", status });
        }
    }

    private void CompareBaseUrl()
    {
        if (!string.Equals(_old.Api.BaseUrl, _new.Api.BaseUrl, StringComparison.Ordinal))
        {
            var location = _new.Api.BaseUrlLocation;
            Add(ChangeRules.BaseUrlChanged, "baseUrl", $"The documented base URL changed from {_old.Api.BaseUrl} to {_new.Api.BaseUrl}: clients on the default base address now call the new one.",
                _old.Api.BaseUrl, _new.Api.BaseUrl, location);
        }
    }

    /// <summary>Subclients matched by key: the accessor, the spec it makes a client of, and where on the host it sends.</summary>
    private void CompareSubclients()
    {
        var newByKey = _new.Api.Subclients.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var o in _old.Api.Subclients)
        {
            var path = "subclients." + o.Key;
            var member = _old.ClientName + "." + o.MethodName;
            if (!newByKey.TryGetValue(o.Key, out var n))
            {
                Add(ChangeRules.SubclientRemoved, path, $"The subclient '{o.Key}' (a client of {o.Spec}) was removed.", o.Spec, null, new[] { "subclients" },
                    surface: SurfaceRules.Removed(member + "()"));
                continue;
            }
            if (o.Spec != n.Spec)
            {
                Add(ChangeRules.SubclientSpecChanged, path + ".spec", $"The subclient '{o.Key}' is a client of {n.Spec}, no longer of {o.Spec}: {member}() returns another type.",
                    o.Spec, n.Spec, new[] { "subclients", n.Key, "spec" });
            }
            if (o.Path != n.Path)
            {
                Add(ChangeRules.SubclientPathChanged, path + ".path", $"The subclient '{o.Key}' now sends to the base address + '{n.Path}' (was '{o.Path}').",
                    o.Path, n.Path, new[] { "subclients", n.Key, "path" });
            }
        }
        foreach (var n in _new.Api.Subclients.Where(n => !_old.Api.Subclients.Any(o => o.Key == n.Key)))
        {
            Add(ChangeRules.SubclientAdded, "subclients." + n.Key, $"The subclient '{n.Key}' (a client of {n.Spec}) was added: {_new.ClientName}.{n.MethodName}().",
                null, n.Spec, new[] { "subclients", n.Key });
        }
    }

    /// <summary>
    /// Operations matched by their spec name (the one operation of two one-operation specs by being it), each compared
    /// where the new spec has it: a one-operation spec's keys are at the root (<c>payload</c>, <c>response</c>, and
    /// <c>request</c> for the method, path and body), a whole API's under <c>operations.{name}</c>.
    /// </summary>
    private void CompareOperations()
    {
        var pairs = new List<(OperationSpec Old, OperationSpec New)>();
        if (_old.Operations.Count == 1 && _new.Operations.Count == 1 && _old.Operations[0].Location.IsEmpty && _new.Operations[0].Location.IsEmpty)
        {
            pairs.Add((_old.Operations[0], _new.Operations[0]));
        }
        else
        {
            var newByKey = _new.Operations.ToDictionary(o => o.Key, StringComparer.Ordinal);
            foreach (var o in _old.Operations)
            {
                if (newByKey.TryGetValue(o.Key, out var n))
                {
                    pairs.Add((o, n));
                    continue;
                }
                Add(ChangeRules.OperationRemoved, "operations." + o.Key, $"The operation '{o.Key}' ({o.HttpMethod} {o.PathTemplate}) was removed.", o.Key, null, new[] { "operations" },
                    surface: SurfaceRules.Removed(Method(_old, o.MethodName)));
            }
        }
        foreach (var (o, n) in pairs)
        {
            var location = n.Location.ToList();
            var path = string.Join(".", location);
            string At(string key) => path.Length == 0 ? key : path + "." + key;
            if (o.MethodName != n.MethodName)
            {
                var named = location.Count == 0 ? new List<string> { "operation" } : location;
                Add(ChangeRules.MemberRenamed, string.Join(".", named), $"The method of '{o.Key}' is now {n.Method} (was {o.Method}).", o.Method, n.Method, named,
                    surface: SurfaceRules.MemberRenamed(Method(_old, o.MethodName), n.Method));
            }
            CompareOperation(o, n, string.Join(".", n.RequestLocation), n.RequestLocation.ToList());
            var first = _changes.Count;
            CompareQuery(o, n, path, location);
            CompareObject(_oldTypes.Objects[o.RequestTypeName], _newTypes.Objects[n.RequestTypeName], At("payload"), location.Concat(new[] { "payload" }).ToList(), Side.Request, rootPayload: true);
            CompareParameters(o, n, first);
            CompareResponse(o.Response, n.Response, At("response"), location.Concat(new[] { "response" }).ToList(), Method(_old, o.MethodName));
            CompareStream(o, n, At("stream"), location.Concat(new[] { "stream" }).ToList());
        }
        var oldKeys = new HashSet<string>(_old.Operations.Select(o => o.Key), StringComparer.Ordinal);
        foreach (var n in _new.Operations.Where(n => !oldKeys.Contains(n.Key) && !pairs.Any(p => p.New == n)))
        {
            Add(ChangeRules.OperationAdded, "operations." + n.Key, $"The operation '{n.Key}' ({n.HttpMethod} {n.PathTemplate}) was added.", null, n.Key, new[] { "operations", n.Key });
        }
    }

    private void CompareQuery(OperationSpec o, OperationSpec n, string path, IReadOnlyList<string> location)
    {
        var newByName = n.QueryParameters.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var oldNames = new HashSet<string>(o.QueryParameters.Select(q => q.Name), StringComparer.Ordinal);
        foreach (var oq in o.QueryParameters)
        {
            var at = path + ".query." + oq.Name;
            if (!newByName.TryGetValue(oq.Name, out var nq))
            {
                Add(ChangeRules.RequestFieldRemoved, at, $"The query parameter '{oq.Name}' was removed.", oq.Name, null, location.Concat(new[] { "query" }));
                continue;
            }
            if (!oq.Required && nq.Required) Add(ChangeRules.BecameRequired, at, $"The query parameter '{oq.Name}' became required.", "optional", "required", location.Concat(new[] { "query", oq.Name }));
            CompareType(oq.Type, nq.Type, at, location.Concat(new[] { "query", oq.Name }).ToList(), Side.Request);
        }
        foreach (var nq in n.QueryParameters.Where(q => !oldNames.Contains(q.Name)))
        {
            var rule = nq.Required ? ChangeRules.RequiredRequestFieldAdded : ChangeRules.OptionalRequestFieldAdded;
            Add(rule, path + ".query." + nq.Name, $"The {(nq.Required ? "required" : "optional")} query parameter '{nq.Name}' was added.", null, nq.Name, location.Concat(new[] { "query", nq.Name }));
        }
    }

    private void Add(ChangeRule rule, string path, string message, string? oldValue, string? newValue, IEnumerable<string> location, string? hint = null,
        ChangeSeverity? severity = null, SurfaceImpact? surface = null, string? member = null)
        => _changes.Add(new SpecChange(rule, severity ?? rule.Severity, path,
            message.Contains(path) ? message : path + ": " + message, // every message names the path
            oldValue, newValue, hint, location.ToEquatableArray(), surface, member ?? surface?.Member));

    /// <summary>
    /// The operation's convenience method, old and new parameter lists as the client emitter declares them: where they
    /// first part, an old positional call passes a value to another parameter. The change (among those from
    /// <paramref name="first"/>, this operation's request) to the field or query parameter at that position says so.
    /// </summary>
    private void CompareParameters(OperationSpec o, OperationSpec n, int first)
    {
        var before = Emit.ClientEmitter.ConvenienceParameters(_old, o, _oldTypes.Objects[o.RequestTypeName]);
        var after = Emit.ClientEmitter.ConvenienceParameters(_new, n, _newTypes.Objects[n.RequestTypeName]);
        var at = 0;
        while (at < before.Count && at < after.Count && before[at] == after[at]) at++;
        if (at == before.Count) return; // every old parameter is where it was: old calls bind as before
        if (at >= after.Count) return;
        static string Normal(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        string Last(string path) => path.Substring(path.LastIndexOf('.') + 1);
        var names = new[] { Normal(after[at].Name), Normal(before[at].Name) };
        var about = Enumerable.Range(first, _changes.Count - first).Where(i => names.Contains(Normal(Last(_changes[i].Path)))).ToList();
        // A field whose C# type changed already says why the call breaks; else the change that moved it (added, removed, made optional).
        if (about.Count == 0 || about.Any(i => _changes[i].Surface is not null)) return;
        _changes[about[0]] = _changes[about[0]] with { Surface = SurfaceRules.ParameterMoved(Method(_old, o.MethodName), at, before[at], after[at]), Member = Method(_old, o.MethodName) };
    }

    /// <summary>The client method of an operation, as users call it (<c>Client.MethodAsync</c>).</summary>
    private static string Method(SpecModel spec, string methodName) => spec.ClientName + "." + Naming.Names.AsyncMethod(methodName);

    private void CompareOperation(OperationSpec o, OperationSpec n, string path, IReadOnlyList<string> location)
    {
        IEnumerable<string> At(params string[] keys) => location.Concat(keys);
        if (!string.Equals(o.HttpMethod, n.HttpMethod, StringComparison.OrdinalIgnoreCase))
        {
            Add(ChangeRules.MethodChanged, path + ".method", $"The method changed from {o.HttpMethod} to {n.HttpMethod}.", o.HttpMethod, n.HttpMethod, At("method"));
        }
        if (o.PathTemplate != n.PathTemplate)
        {
            Add(ChangeRules.PathChanged, path + ".path", $"The path changed from {o.PathTemplate} to {n.PathTemplate}.", o.PathTemplate, n.PathTemplate, At("path"));
        }
        string Constants(OperationSpec op) => string.Join("&", op.QueryConstants.Select(c => c.Name + "=" + c.Value));
        if (Constants(o) != Constants(n))
        {
            // A constant query parameter is part of the address, as the path is.
            Add(ChangeRules.PathChanged, path + ".query", $"The constant query changed from '{Constants(o)}' to '{Constants(n)}'.", Constants(o), Constants(n), At("query"));
        }
        string HeaderConstants(OperationSpec op) => string.Join(", ", op.HeaderConstants.Select(h => h.Name + ": " + h.Value));
        if (HeaderConstants(o) != HeaderConstants(n))
        {
            // A constant header is part of how the operation is called, as its method and body mode are.
            Add(ChangeRules.ConstantHeadersChanged, path + ".headers", $"The operation's constant headers changed from '{HeaderConstants(o)}' to '{HeaderConstants(n)}'.",
                HeaderConstants(o), HeaderConstants(n), At("headers"));
        }
        string Poll(OperationSpec op) => op.Poll is not { } p ? "none"
            : $"GET {p.Path} while {p.Status.JsonPath.Substring(2)} is {string.Join("|", p.Pending)} until {string.Join("|", p.Done)}, every {p.IntervalMs} ms, at most {p.MaxPolls} times" + (p.ResultPath is null ? "" : $", then GET {p.ResultPath} (the job {p.Job?.Name})");
        if (Poll(o) != Poll(n))
        {
            Add(ChangeRules.PollChanged, path + ".poll", $"How the client waits for the job changed from '{Poll(o)}' to '{Poll(n)}'.", Poll(o), Poll(n), At("poll"));
        }
        if (o.RawField != n.RawField || (o.RawField is not null && o.RawContentType != n.RawContentType))
        {
            string Mode(OperationSpec op) => op.RawField is null ? "JSON only" : $"'{op.RawField}' as a raw {op.RawContentType} body, else JSON";
            Add(ChangeRules.BodyModeChanged, path + ".body", $"The body mode changed from {Mode(o)} to {Mode(n)}.", Mode(o), Mode(n), At("body"));
        }
        if (o.JsonContentType != n.JsonContentType)
        {
            Add(ChangeRules.BodyModeChanged, path + ".body.contentType", $"JSON bodies are now sent as {n.JsonContentType} instead of {o.JsonContentType}.",
                o.JsonContentType, n.JsonContentType, At("body", "contentType"));
        }
    }

    private void CompareHeaders()
    {
        foreach (var oh in _old.Api.Headers)
        {
            var nh = _new.Api.Headers.FirstOrDefault(h => h.Name.Equals(oh.Name, StringComparison.OrdinalIgnoreCase));
            var path = "headers." + oh.Name;
            var location = new[] { "headers", oh.Name };
            if (nh is null)
            {
                // Its property on the request (or client) options is gone with it.
                var holder = oh.Scope == HeaderScope.Request ? _old.RequestOptionsName : _old.ClientOptionsName;
                Add(ChangeRules.HeaderRemoved, path, $"The header '{oh.Name}' was removed.", oh.Name, null, new[] { "headers" },
                    surface: SurfaceRules.Removed(holder + "." + oh.PropertyName));
                continue;
            }
            if (!oh.Required && nh.Required)
            {
                Add(ChangeRules.BecameRequired, path, $"The header '{oh.Name}' became required.", "optional", "required", location);
            }
            if (Describe(oh.Type) != Describe(nh.Type))
            {
                Add(ChangeRules.TypeChanged, path, $"The header '{oh.Name}' changed type from {Describe(oh.Type)} to {Describe(nh.Type)}.", Describe(oh.Type), Describe(nh.Type), location);
            }
            if (oh.DefaultJson != nh.DefaultJson)
            {
                Add(ChangeRules.DefaultChanged, path, $"The default of header '{oh.Name}' changed from {oh.DefaultJson ?? "none"} to {nh.DefaultJson ?? "none"}.", oh.DefaultJson, nh.DefaultJson, location);
            }
        }
        foreach (var nh in _new.Api.Headers.Where(h => !_old.Api.Headers.Any(o => o.Name.Equals(h.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var rule = nh.Required ? ChangeRules.RequiredHeaderAdded : ChangeRules.OptionalHeaderAdded;
            Add(rule, "headers." + nh.Name, $"The {(nh.Required ? "required" : "optional")} header '{nh.Name}' was added.", null, nh.Name, new[] { "headers", nh.Name });
        }
    }

    private void CompareResponse(ResponseSpec o, ResponseSpec n, string path, List<string> location, string? method = null)
    {
        if (!string.Equals(o.ContentType, n.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            Add(ChangeRules.ResponseContentTypeChanged, path + ".contentType", $"The response content type changed from {o.ContentType} to {n.ContentType}.",
                o.ContentType, n.ContentType, location.Concat(new[] { "contentType" }));
        }
        if (!o.Statuses.SequenceEqual(n.Statuses))
        {
            string S(EquatableArray<int> s) => string.Join(", ", s.Select(x => x.ToString(CultureInfo.InvariantCulture)));
            Add(ChangeRules.SuccessStatusChanged, path + ".status", $"The success statuses changed from {S(o.Statuses)} to {S(n.Statuses)}.", S(o.Statuses), S(n.Statuses), location.Concat(new[] { "status" }));
        }
        if (o.Single != n.Single)
        {
            // The wire is the same array; the client reads it differently. Unwrapping refuses answers of another count
            // that the list accepted (a warning on the wire); returning the list again accepts them (info). Either way
            // the method returns another type.
            string Result(ResponseSpec r) => Emit.CSharpTypes.Of(r.Result, "").Replace("global::.", "").Replace("global::", "");
            var why = n.Single
                ? "The response is now one element of a one-element array: the method returns the element, and an answer of another count is an error."
                : "The response is no longer unwrapped: the method returns the whole array.";
            Add(ChangeRules.ResponseSingleChanged, path + ".single", why, o.Single ? "single" : "array", n.Single ? "single" : "array", location.Concat(new[] { "single" }),
                severity: n.Single ? ChangeSeverity.Warning : ChangeSeverity.Info,
                surface: method is null ? null : SurfaceRules.TypeChanged(method, Result(o), Result(n)));
        }
        CompareType(o.Body, n.Body, path, location, Side.Response, method);
    }

    /// <summary>
    /// The streamed form: each event is read like a response body, so its type is compared with the response rules
    /// (fields, types, required, unions); how the stream is asked for and how it ends are the wire's too.
    /// </summary>
    private void CompareStream(OperationSpec o, OperationSpec n, string path, List<string> location)
    {
        if (o.Stream is null && n.Stream is null) return;
        if (n.Stream is null)
        {
            Add(ChangeRules.StreamRemoved, path, $"The streamed form of '{o.Key}' was removed: {o.Stream!.Method} is gone and the service no longer streams.", "stream", null, location.Take(location.Count - 1),
                surface: SurfaceRules.Removed(Method(_old, o.Stream!.MethodName)));
            return;
        }
        if (o.Stream is null)
        {
            Add(ChangeRules.StreamAdded, path, $"'{n.Key}' can now stream its answer ({n.Stream.Method}).", null, "stream", location);
            return;
        }
        var (os, ns) = (o.Stream, n.Stream);
        if (os.Field != ns.Field)
        {
            Add(ChangeRules.StreamFramingChanged, path + ".field", $"The request field that asks for the stream changed from {os.Field ?? "none"} to {ns.Field ?? "none"}: old clients ask the old way.",
                os.Field, ns.Field, location.Concat(new[] { "field" }));
        }
        if (os.Sentinel != ns.Sentinel)
        {
            var why = os.Sentinel is null
                ? $"old clients read '{ns.Sentinel}' as an event and fail on it"
                : ns.Sentinel is null ? $"old clients wait for '{os.Sentinel}' and report a stream that ends without it as cut" : $"old clients wait for '{os.Sentinel}'";
            Add(ChangeRules.StreamFramingChanged, path + ".sentinel", $"The stream's end marker changed from {os.Sentinel ?? "none"} to {ns.Sentinel ?? "none"}: {why}.",
                os.Sentinel, ns.Sentinel, location.Concat(new[] { "sentinel" }));
        }
        if (os.ErrorField != ns.ErrorField)
        {
            Add(ChangeRules.StreamErrorFormChanged, path + ".errorField", $"The field that makes an event an error changed from {os.ErrorField ?? "none"} to {ns.ErrorField ?? "none"}: old clients read such an event as an ordinary one.",
                os.ErrorField, ns.ErrorField, location.Concat(new[] { "errorField" }));
        }
        if (os.ErrorEvent != ns.ErrorEvent)
        {
            Add(ChangeRules.StreamErrorFormChanged, path + ".errorEvent", $"The event name that makes an event an error changed from {os.ErrorEvent ?? "none"} to {ns.ErrorEvent ?? "none"}: old clients read such an event as an ordinary one.",
                os.ErrorEvent, ns.ErrorEvent, location.Concat(new[] { "errorEvent" }));
        }
        CompareType(os.Event, ns.Event, path + ".event", location.Concat(new[] { "event" }).ToList(), Side.Response, Method(_old, os.MethodName));
    }

    private void CompareObject(ObjectTypeSpec o, ObjectTypeSpec n, string path, IReadOnlyList<string> location, Side side, bool rootPayload = false)
    {
        string Child(FieldSpec f) => path + "." + f.WireName;
        List<string> ChildLocation(string wire) => rootPayload ? location.Concat(new[] { wire }).ToList() : location.Concat(new[] { "properties", wire }).ToList();

        var oldByName = o.Fields.GroupBy(f => f.WireName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newByName = n.Fields.GroupBy(f => f.WireName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var added = n.Fields.Where(f => !oldByName.ContainsKey(f.WireName)).ToList();
        var removed = o.Fields.Where(f => !newByName.ContainsKey(f.WireName)).ToList();
        foreach (var of in o.Fields)
        {
            var nf = newByName.TryGetValue(of.WireName, out var match) ? match : null;
            if (nf is null)
            {
                var hint = RenameHint(of, removed, added);
                var rule = side == Side.Request ? ChangeRules.RequestFieldRemoved : ChangeRules.ResponseFieldRemoved;
                // A wire rename that keeps the C# name (maskThreshold -> mask_threshold, both MaskThreshold) keeps the member.
                var kept = n.Fields.Any(f => f.PropertyName == of.PropertyName && SurfaceRules.PropertyType(f) == SurfaceRules.PropertyType(of) && !oldByName.ContainsKey(f.WireName));
                Add(rule, Child(of), $"The {(side == Side.Request ? "request" : "response")} field '{Child(of)}' was removed.", of.WireName, null,
                    rootPayload ? location : location.Concat(new[] { "properties" }), hint, surface: kept ? null : SurfaceRules.Removed(o.Name + "." + of.PropertyName));
                continue;
            }
            if (of.PropertyName != nf.PropertyName)
            {
                Add(ChangeRules.MemberRenamed, Child(of), $"The property of '{Child(of)}' is now {n.Name}.{nf.PropertyName} (was {o.Name}.{of.PropertyName}).",
                    of.PropertyName, nf.PropertyName, ChildLocation(of.WireName), surface: SurfaceRules.MemberRenamed(o.Name + "." + of.PropertyName, nf.PropertyName));
            }
            CompareField(of, nf, Child(of), ChildLocation(of.WireName), side, o.Name + "." + of.PropertyName);
        }
        foreach (var nf in added)
        {
            var hint = RenameHint(nf, added, removed, reverse: true);
            var member = n.Name + "." + nf.PropertyName;
            // Generated types declare required fields as C# required members, on both sides.
            var surface = nf.Required ? SurfaceRules.RequiredMemberAdded(member) : null;
            if (side == Side.Request)
            {
                var rule = nf.Required ? ChangeRules.RequiredRequestFieldAdded : ChangeRules.OptionalRequestFieldAdded;
                Add(rule, Child(nf), $"The {(nf.Required ? "required" : "optional")} request field '{Child(nf)}' was added.", null, nf.WireName, ChildLocation(nf.WireName), hint,
                    surface: surface, member: member);
            }
            else
            {
                Add(ChangeRules.ResponseFieldAdded, Child(nf), $"The {(nf.Required ? "required " : "")}response field '{Child(nf)}' was added.", null, nf.WireName, ChildLocation(nf.WireName), hint,
                    surface: surface, member: member);
            }
        }
    }

    /// <summary>
    /// A removed field that matches an added one (same name once case and separators are ignored, as in
    /// maskThreshold → mask_threshold; or the only removed and added field of the object, of one type) is
    /// probably a rename: still reported as removed + added, since clients break the same way, with a hint.
    /// </summary>
    private static string? RenameHint(FieldSpec field, List<FieldSpec> sameSide, List<FieldSpec> otherSide, bool reverse = false)
    {
        var match = otherSide.FirstOrDefault(f => Normalise(f.WireName) == Normalise(field.WireName))
                    ?? (sameSide.Count == 1 && otherSide.Count == 1 && Describe(otherSide[0].Type) == Describe(field.Type) ? otherSide[0] : null);
        if (match is null) return null;
        var (from, to) = reverse ? (match.WireName, field.WireName) : (field.WireName, match.WireName);
        var casing = Normalise(from) == Normalise(to) ? " (only the casing or separators differ)" : "";
        return $"Looks like a rename of '{from}' to '{to}'{casing}: clients must send or read the new name.";
    }

    private static string Normalise(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private void CompareField(FieldSpec o, FieldSpec n, string path, List<string> location, Side side, string member)
    {
        // The property's C# type gains a '?' when the field becomes optional or nullable: the first change that says so carries it.
        var nullable = SurfaceRules.BecameNullable(o, n, member);
        SurfaceImpact? Nullable() { var s = nullable; nullable = null; return s; }
        var required = !o.Required && n.Required ? SurfaceRules.RequiredMemberAdded(member) : null;
        if (side == Side.Request)
        {
            if (!o.Required && n.Required) Add(ChangeRules.BecameRequired, path, $"The request field '{path}' became required.", "optional", "required", location, surface: required, member: member);
            if (o.Required && !n.Required) Add(ChangeRules.BecameOptional, path, $"The request field '{path}' became optional.", "required", "optional", location, surface: Nullable(), member: member);
            if (o.Nullable && !n.Nullable) Add(ChangeRules.RequestFieldNoLongerNullable, path, $"The request field '{path}' may no longer be null.", "nullable", "not nullable", location, member: member);
            if (!o.Nullable && n.Nullable) Add(ChangeRules.RequestFieldBecameNullable, path, $"The request field '{path}' may now be null.", "not nullable", "nullable", location, surface: Nullable(), member: member);
        }
        else
        {
            if (o.Required && !n.Required) Add(ChangeRules.ResponseFieldBecameOptional, path, $"The response field '{path}' became optional: it may be absent.", "required", "optional", location, surface: Nullable(), member: member);
            if (!o.Required && n.Required) Add(ChangeRules.ResponseFieldBecameRequired, path, $"The response field '{path}' became required.", "optional", "required", location, surface: required, member: member);
            if (!o.Nullable && n.Nullable) Add(ChangeRules.ResponseFieldBecameNullable, path, $"The response field '{path}' may now be null.", "not nullable", "nullable", location, surface: Nullable(), member: member);
            if (o.Nullable && !n.Nullable) Add(ChangeRules.ResponseFieldNoLongerNullable, path, $"The response field '{path}' is no longer null.", "nullable", "not nullable", location, member: member);
        }
        if (o.DefaultJson != n.DefaultJson)
        {
            Add(ChangeRules.DefaultChanged, path, $"The default of '{path}' changed from {o.DefaultJson ?? "none"} to {n.DefaultJson ?? "none"}.", o.DefaultJson, n.DefaultJson, location.Concat(new[] { "default" }));
        }
        CompareBounds(o, n, path, location, side);
        if (o.Origin != n.Origin && o.Origin is not null && n.Origin is not null)
        {
            Add(ChangeRules.SchemaFormChanged, path, $"The upstream schema now writes '{path}' as {n.Origin} instead of {o.Origin}.", o.Origin, n.Origin, location);
        }
        CompareType(o.Type, n.Type, path, location, side, member);
    }

    private void CompareBounds(FieldSpec o, FieldSpec n, string path, List<string> location, Side side)
    {
        void Bound(string name, double? oldValue, double? newValue, bool isMinimum)
        {
            if (oldValue == newValue) return;
            // Narrower: a new bound where there was none, a higher minimum or a lower maximum.
            var narrower = oldValue is null || (newValue is not null && (isMinimum ? newValue > oldValue : newValue < oldValue));
            var text = $"The {name} of '{path}' changed from {Show(oldValue)} to {Show(newValue)}.";
            var at = location.Concat(new[] { name });
            ChangeRule rule = side == Side.Request
                ? (narrower ? (isMinimum ? ChangeRules.MinimumRaised : ChangeRules.MaximumLowered) : ChangeRules.RequestRangeWidened)
                : (narrower ? ChangeRules.ResponseRangeNarrowed : ChangeRules.ResponseRangeWidened);
            Add(rule, path, text, Show(oldValue), Show(newValue), at);
        }

        Bound("minimum", o.Minimum, n.Minimum, isMinimum: true);
        Bound("maximum", o.Maximum, n.Maximum, isMinimum: false);
    }

    private static string Show(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "none";

    /// <param name="member">The C# member whose type this is (a property, or the method that returns it), for the surface.</param>
    private void CompareType(TypeRef o, TypeRef n, string path, List<string> location, Side side, string? member = null)
    {
        // An integer's width (its format's range) is part of its type: int32 to int64 changes the C# type, int64 to uint32 the range.
        if (o.Kind != n.Kind || (o.Kind == ValueKind.Union && !SameShapes(o, n))
            || (IntegerFormats.IsInteger(o.Kind) && IntegerFormats.Range(o) != IntegerFormats.Range(n)))
        {
            Add(ChangeRules.TypeChanged, path, $"The type of '{path}' changed from {Describe(o)} to {Describe(n)}.", Describe(o), Describe(n), location.Concat(new[] { "type" }),
                surface: member is null ? null : SurfaceRules.TypeChanged(member, Emit.CSharpTypes.Of(o, "").Replace("global::.", ""), Emit.CSharpTypes.Of(n, "").Replace("global::.", "")),
                // A named type whose shape changed: what its members did is this change's doing too.
                member: o.Kind is ValueKind.Enum or ValueKind.Object or ValueKind.Union ? o.Name : null);
            return;
        }
        if (o.Kind is ValueKind.Enum or ValueKind.Object or ValueKind.Union && o.Name != n.Name && _renamed.Add((o.Name!, n.Name!)))
        {
            Add(ChangeRules.TypeRenamed, path, $"The type of '{path}' is now named {n.Name} (was {o.Name}); the wire is unchanged.", o.Name, n.Name, location,
                surface: SurfaceRules.TypeRenamed(o.Name!, n.Name!));
        }
        if (o.Kind is ValueKind.Enum or ValueKind.Object or ValueKind.Union && !_compared.Add((o.Name!, n.Name!, side)))
        {
            return; // compared at its first use: reported once, and a recursive type ends here
        }
        switch (o.Kind)
        {
            case ValueKind.Enum:
                CompareEnum(_oldTypes.Enums[o.Name!], _newTypes.Enums[n.Name!], path, location, side);
                break;
            case ValueKind.Object:
                CompareObject(_oldTypes.Objects[o.Name!], _newTypes.Objects[n.Name!], path, location, side);
                break;
            case ValueKind.Array:
                CompareType(o.Item!, n.Item!, path + "[]", location.Concat(new[] { "items" }).ToList(), side, member);
                break;
            case ValueKind.Map:
                CompareType(o.Item!, n.Item!, path + "{}", location.Concat(new[] { "items" }).ToList(), side, member);
                break;
            case ValueKind.Union:
                var ou = _oldTypes.Unions[o.Name!];
                var nu = _newTypes.Unions[n.Name!];
                foreach (var ov in ou.Variants)
                {
                    // Objects told apart by a tag or marker share a shape: match those by name first.
                    var nv = nu.Variants.FirstOrDefault(v => v.Name == ov.Name && Parsing.SpecParser.Shape(v.Type) == Parsing.SpecParser.Shape(ov.Type))
                             ?? nu.Variants.First(v => Parsing.SpecParser.Shape(v.Type) == Parsing.SpecParser.Shape(ov.Type));
                    CompareType(ov.Type, nv.Type, path + "|" + ov.Name, location, side);
                }
                break;
        }
    }

    private bool SameShapes(TypeRef o, TypeRef n)
    {
        var ou = _oldTypes.Unions[o.Name!];
        var nu = _newTypes.Unions[n.Name!];
        return ou.Variants.Select(v => Parsing.SpecParser.Shape(v.Type)).OrderBy(s => s, StringComparer.Ordinal)
            .SequenceEqual(nu.Variants.Select(v => Parsing.SpecParser.Shape(v.Type)).OrderBy(s => s, StringComparer.Ordinal));
    }

    private void CompareEnum(EnumTypeSpec o, EnumTypeSpec n, string path, List<string> location, Side side)
    {
        var at = location.Concat(new[] { "values" }).ToList();
        var oldValues = new HashSet<string>(o.Values.Select(v => v.WireName), StringComparer.Ordinal);
        var newValues = new HashSet<string>(n.Values.Select(v => v.WireName), StringComparer.Ordinal);
        foreach (var v in o.Values.Where(v => !newValues.Contains(v.WireName)))
        {
            var rule = side == Side.Request ? ChangeRules.RequestEnumValueRemoved : ChangeRules.ResponseEnumValueRemoved;
            Add(rule, path, $"The value \"{v.WireName}\" of '{path}' was removed.", v.WireName, null, at, surface: SurfaceRules.EnumMemberRemoved(o.Name + "." + v.MemberName));
        }
        foreach (var v in o.Values)
        {
            var nv = n.Values.FirstOrDefault(x => x.WireName == v.WireName);
            if (nv is not null && nv.MemberName != v.MemberName)
            {
                Add(ChangeRules.MemberRenamed, path, $"The value \"{v.WireName}\" of '{path}' is now {n.Name}.{nv.MemberName} (was {o.Name}.{v.MemberName}).", v.MemberName, nv.MemberName, at,
                    surface: SurfaceRules.MemberRenamed(o.Name + "." + v.MemberName, nv.MemberName));
            }
        }
        foreach (var v in n.Values.Where(v => !oldValues.Contains(v.WireName)))
        {
            var rule = side == Side.Request ? ChangeRules.RequestEnumValueAdded : ChangeRules.ResponseEnumValueAdded;
            var hint = side == Side.Response
                ? (o.Closed
                    ? "The enum is closed: clients of the old version fail on the new value."
                    : "Toolkit clients read unknown values as " + o.UnknownMemberName + "; clients with closed enums fail on it.")
                : null;
            // Breaking for a closed enum (readers reject unlisted values); a warning for an open one.
            var severity = side == Side.Response && o.Closed ? ChangeSeverity.Breaking : (ChangeSeverity?)null;
            Add(rule, path, $"The value \"{v.WireName}\" of '{path}' was added.", null, v.WireName, at, hint, severity);
        }
    }

    /// <summary>A type in words, for messages: <c>string</c>, <c>array of number</c>, <c>enum (a, b)</c>.</summary>
    internal static string Describe(TypeRef type) => type.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Number => "number",
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => IntegerFormats.Describe(type),
        ValueKind.DateTime => "string (date-time)",
        ValueKind.Uuid => "string (uuid)",
        ValueKind.Boolean => "boolean",
        ValueKind.Binary => "binary",
        ValueKind.Mask => "mask",
        ValueKind.Enum => "enum",
        ValueKind.Object => "object",
        ValueKind.Json => "json (untyped)",
        ValueKind.Union => "union",
        ValueKind.Map => "map of " + Describe(type.Item!),
        _ => "array of " + Describe(type.Item!),
    };
}
