using System;
using Toolkit.Runtime.Providers;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The router's model ids: org/model, org/model:provider, org/model:policy.</summary>
public sealed class RoutedModelTests
{
    [Theory]
    [InlineData("openai/gpt-oss-120b", null, ProviderPolicy.Default)]
    [InlineData("openai/gpt-oss-120b:groq", "groq", ProviderPolicy.Default)]
    [InlineData("openai/gpt-oss-120b:fireworks-ai", "fireworks-ai", ProviderPolicy.Default)]
    [InlineData("openai/gpt-oss-120b:fastest", null, ProviderPolicy.Fastest)]
    [InlineData("openai/gpt-oss-120b:cheapest", null, ProviderPolicy.Cheapest)]
    [InlineData("openai/gpt-oss-120b:preferred", null, ProviderPolicy.Preferred)]
    public void ParsesAndWritesTheRoutersForms(string wire, string? provider, ProviderPolicy policy)
    {
        var model = RoutedModel.Parse(wire);
        Assert.Equal("openai/gpt-oss-120b", model.Model);
        Assert.Equal(provider, model.Provider);
        Assert.Equal(policy, model.Policy);
        Assert.Equal(wire, model.ToString());
        string implicitly = model;
        Assert.Equal(wire, implicitly);
    }

    [Fact]
    public void BuildsEachFormInCode()
    {
        Assert.Equal("m/x:groq", RoutedModel.Of("m/x").On("groq"));
        Assert.Equal("m/x:cheapest", RoutedModel.Cheapest("m/x"));
        Assert.Equal("m/x:fastest", RoutedModel.Fastest("m/x"));
        Assert.Equal("m/x:preferred", RoutedModel.Preferred("m/x"));
        Assert.Equal("m/x", RoutedModel.Of("m/x").On("groq").By(ProviderPolicy.Default)); // a policy replaces the provider
        Assert.Equal("m/x:groq", RoutedModel.Cheapest("m/x").On("groq")); // and a provider the policy
    }

    [Theory]
    [InlineData("")]
    [InlineData(":groq")]
    [InlineData("m/x:")]
    [InlineData("m/x:Groq")]
    [InlineData("m/x:a:b")]
    [InlineData("m/x:auto")]
    [InlineData("m/x:gr oq")]
    [InlineData("m x")]
    [InlineData("m/x\n:groq")]
    public void RefusesWhatTheRouterWouldNotRead(string wire)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RoutedModel.Parse(wire));
        Assert.False(string.IsNullOrEmpty(e.Message));
    }

    [Fact]
    public void AnUndefinedPolicyIsRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => RoutedModel.Of("m/x").By((ProviderPolicy)42));
}
