using System;

namespace Toolkit.Runtime.Providers;

/// <summary>How the Hugging Face router picks a provider when the model names none (the model id's suffix).</summary>
public enum ProviderPolicy
{
    /// <summary>No suffix: the router's default, today the fastest provider.</summary>
    Default = 0,

    /// <summary><c>:fastest</c>: the provider with the highest throughput (tokens per second).</summary>
    Fastest,

    /// <summary><c>:cheapest</c>: the provider with the lowest price per output token.</summary>
    Cheapest,

    /// <summary><c>:preferred</c>: the first available provider in the order of your Hugging Face settings.</summary>
    Preferred,
}

/// <summary>
/// A model id as the Hugging Face router reads it: <c>org/model</c>, <c>org/model:provider</c> (one named provider) or
/// <c>org/model:fastest</c>, <c>:cheapest</c>, <c>:preferred</c> (a policy). Converts to the wire string implicitly, so
/// it goes wherever the spec's <c>model</c> string goes: <c>Model = RoutedModel.Of("openai/gpt-oss-120b").On("groq")</c>.
/// </summary>
/// <remarks>
/// The suffixes are the router's (Hugging Face's Inference Providers page: "appending a policy suffix to the model id",
/// "appending the provider name to the model id"). A provider name is checked for its form (lower-case letters, digits
/// and '-', as every provider id is), not against a list: providers are added often.
/// </remarks>
public readonly record struct RoutedModel
{
    private RoutedModel(string model, string? provider, ProviderPolicy policy)
    {
        Model = model;
        Provider = provider;
        Policy = policy;
    }

    /// <summary>The model's id on the Hub, e.g. <c>openai/gpt-oss-120b</c>.</summary>
    public string Model { get; }

    /// <summary>The provider named after the colon, or null (the router chooses by <see cref="Policy"/>).</summary>
    public string? Provider { get; }

    /// <summary>How the router chooses when no provider is named.</summary>
    public ProviderPolicy Policy { get; }

    /// <summary>The model with the router's default choice of provider.</summary>
    /// <exception cref="ArgumentException">The id is empty, has a colon, or white space or control characters.</exception>
    public static RoutedModel Of(string model) => new(CheckModel(model), null, ProviderPolicy.Default);

    /// <summary>The same model on the named provider (<c>:groq</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a provider id (lower-case letters, digits, '-'), or is a policy's name.</exception>
    public RoutedModel On(string provider) => new(Model, CheckProvider(provider), ProviderPolicy.Default);

    /// <summary>The same model, the router choosing by <paramref name="policy"/>.</summary>
    public RoutedModel By(ProviderPolicy policy)
    {
        if (policy is < ProviderPolicy.Default or > ProviderPolicy.Preferred) throw new ArgumentOutOfRangeException(nameof(policy));
        return new(Model, null, policy);
    }

    /// <summary><c>model:fastest</c>.</summary>
    public static RoutedModel Fastest(string model) => Of(model).By(ProviderPolicy.Fastest);

    /// <summary><c>model:cheapest</c>.</summary>
    public static RoutedModel Cheapest(string model) => Of(model).By(ProviderPolicy.Cheapest);

    /// <summary><c>model:preferred</c>.</summary>
    public static RoutedModel Preferred(string model) => Of(model).By(ProviderPolicy.Preferred);

    /// <summary>Reads <c>org/model</c>, <c>org/model:provider</c> or <c>org/model:policy</c>.</summary>
    /// <exception cref="ArgumentException">Not one of these forms.</exception>
    public static RoutedModel Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Of(value);
        var model = Of(value[..colon]);
        var suffix = value[(colon + 1)..];
        return suffix switch
        {
            "fastest" => model.By(ProviderPolicy.Fastest),
            "cheapest" => model.By(ProviderPolicy.Cheapest),
            "preferred" => model.By(ProviderPolicy.Preferred),
            _ => model.On(suffix),
        };
    }

    /// <summary>The id as the router reads it.</summary>
    public override string ToString() => Provider is not null ? Model + ":" + Provider : Policy switch
    {
        ProviderPolicy.Fastest => Model + ":fastest",
        ProviderPolicy.Cheapest => Model + ":cheapest",
        ProviderPolicy.Preferred => Model + ":preferred",
        _ => Model ?? "",
    };

    /// <summary>The id as the router reads it (for the spec's <c>model</c> field).</summary>
    public static implicit operator string(RoutedModel model) => model.ToString();

    private static string CheckModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0) throw new ArgumentException("The model id is empty.", nameof(model));
        foreach (var c in model)
        {
            if (c == ':') throw new ArgumentException("A model id has no ':'; name the provider or policy with On() or By().", nameof(model));
            if (char.IsWhiteSpace(c) || char.IsControl(c)) throw new ArgumentException("A model id has no white space or control characters.", nameof(model));
        }
        return model;
    }

    private static string CheckProvider(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Length == 0) throw new ArgumentException("The provider name is empty.", nameof(provider));
        if (provider is "fastest" or "cheapest" or "preferred" or "auto")
        {
            throw new ArgumentException($"'{provider}' is a policy, not a provider: use By(ProviderPolicy...) (auto is the default).", nameof(provider));
        }
        foreach (var c in provider)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) throw new ArgumentException("A provider id is lower-case letters, digits and '-' (e.g. groq, fireworks-ai).", nameof(provider));
        }
        return provider;
    }
}
