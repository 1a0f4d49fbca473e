using System;
using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Runtime.Providers;

/// <summary>
/// How one provider serves a model, as the Hub's <c>inferenceProviderMapping</c> says
/// (<c>GET https://huggingface.co/api/models/{id}?expand=inferenceProviderMapping</c>, the Hub spec's
/// <c>ModelInfoAsync</c>): the provider, the model's id on its side, the task and the status.
/// </summary>
/// <param name="Provider">The provider's name, e.g. <c>together</c>, <c>fal-ai</c>, <c>hf-inference</c>.</param>
/// <param name="ProviderModelId">The model's id on the provider's side (the Hub's <c>providerId</c>).</param>
/// <param name="Task">The task it is served for (a Hub pipeline tag; chat is <c>conversational</c>).</param>
/// <param name="Status"><c>live</c>, <c>staging</c> (for tests only) or <c>error</c> (the latest health check failed).</param>
public sealed record ProviderMapping(string Provider, string ProviderModelId, string Task, string Status);

/// <summary>Which provider to use for a task: the first that serves it, a named one, or the first of the caller's order that does.</summary>
public sealed class ProviderChoice
{
    private ProviderChoice(IReadOnlyList<string>? order) => Order = order;

    /// <summary>The providers to try, in order; null for <see cref="Auto"/>.</summary>
    public IReadOnlyList<string>? Order { get; }

    /// <summary>
    /// The first provider in the Hub's mapping that serves the task. The Hub lists a token holder's providers in the
    /// order of their Hugging Face settings, so this is the user's own preference (huggingface_hub's and
    /// huggingface.js's <c>auto</c>, which take the mapping's first entry).
    /// </summary>
    public static ProviderChoice Auto { get; } = new(null);

    /// <summary>That provider, or an error naming it, the model and the task.</summary>
    /// <exception cref="ArgumentException">The name is not a provider id (lower-case letters, digits, '-'), or is <c>auto</c>.</exception>
    public static ProviderChoice Named(string provider) => InOrder(provider);

    /// <summary>The first of these providers that serves the task.</summary>
    /// <exception cref="ArgumentException">No provider, or a name that is not a provider id.</exception>
    public static ProviderChoice InOrder(params string[] providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        if (providers.Length == 0) throw new ArgumentException("Name at least one provider.", nameof(providers));
        foreach (var p in providers) RoutedModel.Of("m").On(p); // the same check as the router's suffix
        return new ProviderChoice(providers.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => Order is null ? "auto" : string.Join(", ", Order);
}

/// <summary>
/// Picks the provider that serves a model for a task, and the model's id on its side, from the Hub's mapping: the
/// thin step between the Hub spec's answer and a provider's route in the Inference Providers spec. No network: the
/// caller fetches the mapping (once per model; it changes rarely) with the generated Hub client.
/// </summary>
/// <remarks>
/// As the reference clients do (huggingface_hub <c>_providers/_common.py</c> <c>_prepare_mapping_info</c>,
/// huggingface.js <c>getInferenceProviderMapping.ts</c>): a provider that serves the model for another task is an
/// error naming the task it does serve; <c>hf-inference</c> serves a sentence-similarity model for feature extraction
/// and the other way round; a mapping in status <c>error</c> is passed over by <see cref="ProviderChoice.Auto"/> and
/// an ordered choice while another provider is live.
/// </remarks>
public static class ProviderResolver
{
    // huggingface.js EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS: hf-inference serves sentence-transformers models for both.
    private static readonly string[] SentenceTransformerTasks = { "feature-extraction", "sentence-similarity" };

    /// <summary>The mapping to call <paramref name="model"/> with for <paramref name="task"/>.</summary>
    /// <param name="model">The model's id on the Hub (for the error message).</param>
    /// <param name="task">The task, e.g. <c>text-to-image</c>, <c>feature-extraction</c>, <c>conversational</c>.</param>
    /// <param name="mappings">The Hub's mapping, in its order.</param>
    /// <param name="choice">Auto, a named provider, or an order; null for auto.</param>
    /// <exception cref="ProviderNotAvailableException">No provider of the choice serves the model for the task; names the model, the task and what is served.</exception>
    public static ProviderMapping Resolve(string model, string task, IEnumerable<ProviderMapping>? mappings, ProviderChoice? choice = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(task);
        choice ??= ProviderChoice.Auto;
        var all = (mappings ?? Enumerable.Empty<ProviderMapping>()).ToList();
        var serving = all.Where(m => Serves(m, task)).ToList();
        if (choice.Order is null)
        {
            var pick = serving.FirstOrDefault(m => m.Status != "error") ?? serving.FirstOrDefault();
            return pick ?? throw new ProviderNotAvailableException(model, task, null, all);
        }
        ProviderMapping? fallback = null;
        foreach (var provider in choice.Order)
        {
            var found = serving.FirstOrDefault(m => m.Provider == provider);
            if (found is null) continue;
            if (found.Status != "error") return found;
            fallback ??= found;
        }
        return fallback ?? throw new ProviderNotAvailableException(model, task, choice.Order, all);
    }

    private static bool Serves(ProviderMapping m, string task)
        => m.Task == task || (m.Provider == "hf-inference" && SentenceTransformerTasks.Contains(task) && SentenceTransformerTasks.Contains(m.Task));
}

/// <summary>No provider (of the caller's choice) serves the model for the task. Names the model, the task, the providers asked for, and what the Hub says is served.</summary>
public sealed class ProviderNotAvailableException : InvalidOperationException
{
    internal ProviderNotAvailableException(string model, string task, IReadOnlyList<string>? asked, IReadOnlyList<ProviderMapping> served)
        : base(Describe(model, task, asked, served))
    {
        Model = model;
        Task = task;
        Providers = asked ?? Array.Empty<string>();
        Served = served;
    }

    /// <summary>The model's id on the Hub.</summary>
    public string Model { get; }

    /// <summary>The task asked for.</summary>
    public string Task { get; }

    /// <summary>The providers asked for (empty for auto).</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>What the Hub says serves the model (any task).</summary>
    public IReadOnlyList<ProviderMapping> Served { get; }

    private static string Describe(string model, string task, IReadOnlyList<string>? asked, IReadOnlyList<ProviderMapping> served)
    {
        var what = served.Count == 0
            ? "the Hub lists no Inference Provider for it"
            : "the Hub lists " + string.Join(", ", served.Select(m => $"{m.Provider} for {m.Task}"));
        return asked is null
            ? $"No Inference Provider serves model {model} for task {task}: {what}."
            : $"Model {model} is not served for task {task} by {(asked.Count == 1 ? "provider " + asked[0] : "any of the providers " + string.Join(", ", asked))}: {what}.";
    }
}
