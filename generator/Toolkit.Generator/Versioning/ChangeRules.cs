using System.Collections.Generic;

namespace Toolkit.Generator.Versioning;

/// <summary>Every rule of the diff engine. Ids are stable: never reuse or renumber one.</summary>
internal static class ChangeRules
{
    public static readonly ChangeRule RequestFieldRemoved = new("TKD001", "request-field-removed", ChangeSeverity.Breaking, "A request field or parameter was removed");
    public static readonly ChangeRule RequiredRequestFieldAdded = new("TKD002", "required-request-field-added", ChangeSeverity.Breaking, "A required request field was added");
    public static readonly ChangeRule OptionalRequestFieldAdded = new("TKD003", "optional-request-field-added", ChangeSeverity.Info, "An optional request field was added");
    public static readonly ChangeRule BecameRequired = new("TKD004", "request-field-became-required", ChangeSeverity.Breaking, "An optional request field or header became required");
    public static readonly ChangeRule BecameOptional = new("TKD005", "request-field-became-optional", ChangeSeverity.Info, "A required request field became optional");
    public static readonly ChangeRule TypeChanged = new("TKD006", "type-changed", ChangeSeverity.Breaking, "A field's type changed");
    public static readonly ChangeRule RequestEnumValueRemoved = new("TKD007", "request-enum-value-removed", ChangeSeverity.Breaking, "A request enum value was removed");
    public static readonly ChangeRule RequestEnumValueAdded = new("TKD008", "request-enum-value-added", ChangeSeverity.Info, "A request enum value was added");
    public static readonly ChangeRule ResponseEnumValueAdded = new("TKD009", "response-enum-value-added", ChangeSeverity.Warning, "A response enum value was added");
    public static readonly ChangeRule ResponseEnumValueRemoved = new("TKD010", "response-enum-value-removed", ChangeSeverity.Info, "A response enum value was removed");
    public static readonly ChangeRule ResponseFieldRemoved = new("TKD011", "response-field-removed", ChangeSeverity.Breaking, "A response field was removed");
    public static readonly ChangeRule ResponseFieldBecameOptional = new("TKD012", "response-field-became-optional", ChangeSeverity.Breaking, "A required response field became optional");
    public static readonly ChangeRule ResponseFieldBecameNullable = new("TKD013", "response-field-became-nullable", ChangeSeverity.Breaking, "A response field may now be null");
    public static readonly ChangeRule ResponseFieldAdded = new("TKD014", "response-field-added", ChangeSeverity.Info, "A response field was added");
    public static readonly ChangeRule DefaultChanged = new("TKD015", "default-changed", ChangeSeverity.Warning, "A documented default changed");
    public static readonly ChangeRule MinimumRaised = new("TKD016", "minimum-raised", ChangeSeverity.Breaking, "A request field's minimum was raised");
    public static readonly ChangeRule MaximumLowered = new("TKD017", "maximum-lowered", ChangeSeverity.Breaking, "A request field's maximum was lowered");
    public static readonly ChangeRule HeaderRemoved = new("TKD018", "header-removed", ChangeSeverity.Breaking, "A header was removed");
    public static readonly ChangeRule RequiredHeaderAdded = new("TKD019", "required-header-added", ChangeSeverity.Breaking, "A required header was added");
    public static readonly ChangeRule OptionalHeaderAdded = new("TKD020", "optional-header-added", ChangeSeverity.Info, "An optional header was added");
    public static readonly ChangeRule PathChanged = new("TKD021", "path-changed", ChangeSeverity.Breaking, "The operation's path changed");
    public static readonly ChangeRule MethodChanged = new("TKD022", "method-changed", ChangeSeverity.Breaking, "The operation's HTTP method changed");
    public static readonly ChangeRule BodyModeChanged = new("TKD023", "body-mode-changed", ChangeSeverity.Breaking, "How the request body is sent changed");
    public static readonly ChangeRule RequestFieldNoLongerNullable = new("TKD024", "request-field-no-longer-nullable", ChangeSeverity.Breaking, "A request field may no longer be null");
    public static readonly ChangeRule ResponseContentTypeChanged = new("TKD025", "response-content-type-changed", ChangeSeverity.Breaking, "The response's content type changed");
    public static readonly ChangeRule SchemaFormChanged = new("TKD026", "schema-form-changed", ChangeSeverity.Info, "The upstream schema wrote a field differently (same generated code)");
    public static readonly ChangeRule ResponseFieldBecameRequired = new("TKD027", "response-field-became-required", ChangeSeverity.Info, "An optional response field became required");
    public static readonly ChangeRule RequestRangeWidened = new("TKD028", "request-range-widened", ChangeSeverity.Info, "A request field accepts a wider range");
    public static readonly ChangeRule RequestFieldBecameNullable = new("TKD029", "request-field-became-nullable", ChangeSeverity.Info, "A request field may now be null");
    public static readonly ChangeRule ResponseFieldNoLongerNullable = new("TKD030", "response-field-no-longer-nullable", ChangeSeverity.Info, "A response field is no longer null");
    public static readonly ChangeRule ResponseRangeWidened = new("TKD031", "response-range-widened", ChangeSeverity.Warning, "A response field's range widened");
    public static readonly ChangeRule ResponseRangeNarrowed = new("TKD032", "response-range-narrowed", ChangeSeverity.Info, "A response field's range narrowed");
    public static readonly ChangeRule SuccessStatusChanged = new("TKD033", "success-status-changed", ChangeSeverity.Warning, "The documented success statuses changed");
    public static readonly ChangeRule OperationAdded = new("TKD034", "operation-added", ChangeSeverity.Info, "An operation was added");
    public static readonly ChangeRule OperationRemoved = new("TKD035", "operation-removed", ChangeSeverity.Breaking, "An operation was removed");
    public static readonly ChangeRule BaseUrlChanged = new("TKD036", "base-url-changed", ChangeSeverity.Warning, "The documented base URL changed");
    public static readonly ChangeRule StreamRemoved = new("TKD037", "stream-removed", ChangeSeverity.Breaking, "The operation's streamed form was removed");
    public static readonly ChangeRule StreamAdded = new("TKD038", "stream-added", ChangeSeverity.Info, "The operation gained a streamed form");
    public static readonly ChangeRule StreamFramingChanged = new("TKD039", "stream-framing-changed", ChangeSeverity.Breaking, "How a stream is asked for or ends changed (its request field or end sentinel)");
    public static readonly ChangeRule StreamErrorFormChanged = new("TKD040", "stream-error-form-changed", ChangeSeverity.Warning, "How an error event is told apart in the stream changed");

    public static readonly ChangeRule SubclientAdded = new("TKD045", "subclient-added", ChangeSeverity.Info, "A subclient was added");
    public static readonly ChangeRule SubclientRemoved = new("TKD046", "subclient-removed", ChangeSeverity.Breaking, "A subclient was removed");
    public static readonly ChangeRule SubclientPathChanged = new("TKD047", "subclient-path-changed", ChangeSeverity.Warning, "A subclient's path under the base address changed");
    public static readonly ChangeRule SubclientSpecChanged = new("TKD048", "subclient-spec-changed", ChangeSeverity.Breaking, "A subclient is a client of another spec");
    public static readonly ChangeRule ConstantHeadersChanged = new("TKD049", "constant-headers-changed", ChangeSeverity.Warning, "The headers an operation always sends changed");
    public static readonly ChangeRule PollChanged = new("TKD050", "poll-changed", ChangeSeverity.Warning, "How the client waits for an operation's job changed");

    // The generated C# surface alone: the wire is unchanged (info there), the surface says what breaks.
    public static readonly ChangeRule MemberRenamed = new("TKD041", "member-renamed", ChangeSeverity.Info, "A generated member's C# name changed; the wire is unchanged");
    public static readonly ChangeRule TypeRenamed = new("TKD042", "type-renamed", ChangeSeverity.Info, "A generated type's C# name changed; the wire is unchanged");
    public static readonly ChangeRule SurfaceChanged = new("TKD043", "surface-changed", ChangeSeverity.Info, "The generated C# surface changed in a way no spec rule explains (measured by toolkit diff)");
    public static readonly ChangeRule ResponseSingleChanged = new("TKD044", "response-single-changed", ChangeSeverity.Warning, "The response is now (or no longer) the one element of a one-element array: the method returns another type");

    public static IReadOnlyList<ChangeRule> All { get; } = new[]
    {
        RequestFieldRemoved, RequiredRequestFieldAdded, OptionalRequestFieldAdded, BecameRequired, BecameOptional, TypeChanged,
        RequestEnumValueRemoved, RequestEnumValueAdded, ResponseEnumValueAdded, ResponseEnumValueRemoved, ResponseFieldRemoved,
        ResponseFieldBecameOptional, ResponseFieldBecameNullable, ResponseFieldAdded, DefaultChanged, MinimumRaised, MaximumLowered,
        HeaderRemoved, RequiredHeaderAdded, OptionalHeaderAdded, PathChanged, MethodChanged, BodyModeChanged,
        RequestFieldNoLongerNullable, ResponseContentTypeChanged, SchemaFormChanged, ResponseFieldBecameRequired, RequestRangeWidened,
        RequestFieldBecameNullable, ResponseFieldNoLongerNullable, ResponseRangeWidened, ResponseRangeNarrowed, SuccessStatusChanged,
        OperationAdded, OperationRemoved, BaseUrlChanged, StreamRemoved, StreamAdded, StreamFramingChanged, StreamErrorFormChanged,
        MemberRenamed, TypeRenamed, SurfaceChanged, ResponseSingleChanged, SubclientAdded, SubclientRemoved, SubclientPathChanged, SubclientSpecChanged,
        ConstantHeadersChanged, PollChanged,
    };
}
