using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Hub;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>
/// The Hub's real model-info answers (the first exchange of every shared recording: huggingface_hub asks the Hub before
/// it calls a provider) read through the generated Hub client, with their recorded values.
/// </summary>
public sealed class HubRecordingTests
{
    [RecordedFact]
    public async Task EveryRecordedModelInfoAnswerReadsThroughTheHubClientWithItsRecordedValues()
    {
        var read = 0;
        foreach (var path in Directory.GetFiles(Shared.Path("recorded", "hf-inference-tasks"), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var exchanges = document.RootElement.GetProperty("exchanges");
            for (var i = 0; i < exchanges.GetArrayLength(); i++)
            {
                var request = exchanges[i].GetProperty("request");
                var url = new Uri(request.GetProperty("url").GetString()!);
                if (request.GetProperty("method").GetString() != "GET" || url.Host != "huggingface.co" || !url.AbsolutePath.StartsWith("/api/models/", StringComparison.Ordinal)) continue;
                if (exchanges[i].GetProperty("response").GetProperty("status").GetInt32() != 200) continue;

                var answer = new RecordedAnswer(file, i);
                using var recorded = JsonDocument.Parse(answer.Body);
                var model = url.AbsolutePath["/api/models/".Length..];
                using var http = new HttpClient(answer);
                var hub = new HubClient(http, new HubClientOptions { BaseAddress = new Uri("https://huggingface.co") });

                var info = await hub.ModelInfoAsync(model);

                Assert.Equal(recorded.RootElement.GetProperty("id").GetString(), info.Id);
                Assert.Equal(recorded.RootElement.TryGetProperty("pipeline_tag", out var tag) ? tag.GetString() : null, info.PipelineTag);
                Assert.Equal(recorded.RootElement.TryGetProperty("inferenceProviderMapping", out var m) ? m.EnumerateObject().Count() : (int?)null, info.InferenceProviderMapping?.Count);
                Assert.Equal(url.AbsolutePath, answer.Sent.Single().Uri.AbsolutePath); // the recorded route, model slashes kept
                Assert.Equal("?expand=inferenceProviderMapping", answer.Sent.Single().Uri.Query);
                read++;
            }
        }
        Assert.True(read >= 20, $"{read} recorded model-info answers read; the shared recordings hold at least 20");
    }
}
