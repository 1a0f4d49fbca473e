using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HuggingFace.Hub;
using HuggingFace.InferenceProviders;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using SegmentationStandIn;
using Toolkit.Runtime.Masks;
using Toolkit.Runtime.Providers;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>
/// Choosing a provider end to end on the stand-in: the Hub spec's model info gives the mapping, the resolver picks the
/// provider and its model id, the Inference Providers spec's route for that provider and task is called.
/// </summary>
public sealed class ProviderRoutingTests
{
    private static async Task<List<ProviderMapping>> Mappings(Uri address, string model)
    {
        using var http = new HttpClient();
        var hub = new HubClient(http, new HubClientOptions { BaseAddress = address });
        var info = await hub.ModelInfoAsync(model);
        return (info.InferenceProviderMapping ?? new Dictionary<string, InferenceProviderMapping>())
            .Select(p => new ProviderMapping(p.Key, p.Value.ProviderId, p.Value.Task, p.Value.Status)).ToList();
    }

    [Fact]
    public async Task AutoPicksTheFirstProviderThatServesTheTaskAndItsRouteAnswersWithTheProviderSideModel()
    {
        await using var server = await StandInServer.StartAsync();
        var mappings = await Mappings(server.BaseAddress, "org/embedder");
        Assert.Equal(new[] { "together", "hf-inference", "cohere" }, mappings.Select(m => m.Provider)); // the Hub's order, kept

        var chosen = ProviderResolver.Resolve("org/embedder", "feature-extraction", mappings);
        Assert.Equal("together", chosen.Provider);
        Assert.Equal("org-ai/Embedder-v2", chosen.ProviderModelId);

        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var answer = await client.TogetherFeatureExtractionAsync(new TogetherFeatureExtractionRequest { Model = chosen.ProviderModelId, Input = new[] { "a cat", "a dog" } });
        Assert.Equal(2, answer.Data.Count);
        Assert.Equal(ProviderStandIn.Vector("a dog"), answer.Data[1].Embedding.Select(x => (float)x)); // written as float32s
        Assert.Equal("/together/v1/embeddings", sent.Single().RequestUri!.AbsolutePath);
        Assert.Equal("Bearer hf_test", sent.Single().Headers.Authorization!.ToString());

        // The same route as Microsoft.Extensions.AI's embedding generator (its spec says it has the embeddings shape).
        using var generator = client.AsIEmbeddingGenerator(chosen.ProviderModelId);
        var embeddings = await generator.GenerateAsync(new[] { "a bird" });
        Assert.Equal(ProviderStandIn.Dimensions, embeddings.Single().Vector.Length); // the stand-in's dimensions
        Assert.Equal(ProviderStandIn.Vector("a bird"), embeddings.Single().Vector.ToArray());
        Assert.Equal("org-ai/Embedder-v2", embeddings.Single().ModelId);
    }

    [Fact]
    public async Task TheCallersOrderPicksTogetherForTextToImageAndTheImageComesBackAsRecorded()
    {
        await using var server = await StandInServer.StartAsync();
        var mappings = await Mappings(server.BaseAddress, "org/painter");
        // Auto passes over nscale (its health check failed) to fal-ai; the caller's order chooses Together.
        Assert.Equal("fal-ai", ProviderResolver.Resolve("org/painter", "text-to-image", mappings).Provider);
        var chosen = ProviderResolver.Resolve("org/painter", "text-to-image", mappings, ProviderChoice.InOrder("novita", "together", "fal-ai"));
        Assert.Equal(("together", "org-ai/Painter-Dev"), (chosen.Provider, chosen.ProviderModelId));

        using var http = new HttpClient();
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var images = await client.TogetherTextToImageAsync(new TogetherTextToImageRequest
        {
            Model = chosen.ProviderModelId,
            Prompt = "a grey square",
            ResponseFormat = "base64",
            Width = 8,
        });
        // The stand-in's image: an 8x8 grey PNG whose shade is the prompt's length.
        var shade = Enumerable.Repeat((byte)"a grey square".Length, 8 * 8).ToArray();
        Assert.Equal(PngMaskWriter.Write(shade, 8, 8), Convert.FromBase64String(images.Data.Single().B64Json!));
    }

    [Fact]
    public async Task DeepInfraTranscribesAFormUploadAndSpeaksBytesBackOnItsOwnRoutes()
    {
        await using var server = await StandInServer.StartAsync();
        var mappings = await Mappings(server.BaseAddress, "org/listener");
        var chosen = ProviderResolver.Resolve("org/listener", "automatic-speech-recognition", mappings, ProviderChoice.Named("deepinfra"));
        Assert.Equal(("deepinfra", "org-ai/Listener-Large"), (chosen.Provider, chosen.ProviderModelId));

        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var audio = ProviderStandIn.Speech("hello there");
        var transcription = await client.DeepinfraAutomaticSpeechRecognitionAsync(new DeepinfraAutomaticSpeechRecognitionRequest { File = audio, Model = chosen.ProviderModelId });
        // The stand-in read a multipart form: the audio as the file part, named and typed by its first bytes, the model beside it.
        var heard = $"{audio.Length} bytes in file.wav (audio/wav) for org-ai/Listener-Large";
        Assert.Equal(heard, transcription.Text);
        Assert.Equal(heard, transcription.Segments!.Single().Text);
        Assert.Equal(audio.Length / 16000.0, transcription.Segments!.Single().End);
        Assert.Equal("/deepinfra/v1/openai/audio/transcriptions", sent[0].RequestUri!.AbsolutePath);
        Assert.Equal("multipart/form-data", sent[0].Content!.Headers.ContentType!.MediaType);

        var speech = await client.DeepinfraTextToSpeechAsync(new DeepinfraTextToSpeechRequest { Model = "org-ai/Speaker", Input = "good morning" });
        Assert.Equal(ProviderStandIn.Speech("good morning"), speech.ToArray());
    }

    [Fact]
    public async Task FalAnswersUrlsOnItsOwnHostWhichTheClientHandsBackUnfetched()
    {
        await using var server = await StandInServer.StartAsync();
        var mappings = await Mappings(server.BaseAddress, "org/painter");
        var chosen = ProviderResolver.Resolve("org/painter", "text-to-image", mappings);
        Assert.Equal(("fal-ai", "fal-ai/painter/dev"), (chosen.Provider, chosen.ProviderModelId));

        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var images = await client.FalAiTextToImageAsync(chosen.ProviderModelId, new FalAiTextToImageRequest
        {
            Prompt = "a red fox",
            ImageSize = new FalImageSize { Width = 512, Height = 384 },
            Seed = 7,
        });
        Assert.Equal(ProviderStandIn.FalUrl("fal-ai/painter/dev", "a red fox", "png"), images.Images.Single().Url);
        Assert.Equal(("image/png", 7L), (images.Images.Single().ContentType, images.Seed));
        var speech = await client.FalAiTextToSpeechAsync("fal-ai/speaker", new FalAiTextToSpeechRequest { Text = "hi" });
        Assert.Equal(ProviderStandIn.FalUrl("fal-ai/speaker", "hi", "wav"), speech.Audio.Url);
        // Two calls, both to the router's provider route (the provider id is the path, slashes kept); the URLs were not fetched.
        Assert.Equal(new[] { "/fal-ai/fal-ai/painter/dev", "/fal-ai/fal-ai/speaker" }, sent.Select(r => r.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task AProviderThatDoesNotServeTheTaskIsAnErrorNamingTheProviderTheModelAndTheTask()
    {
        await using var server = await StandInServer.StartAsync();
        var mappings = await Mappings(server.BaseAddress, "org/embedder");

        var e = Assert.Throws<ProviderNotAvailableException>(() => ProviderResolver.Resolve("org/embedder", "text-to-image", mappings, ProviderChoice.Named("together")));
        Assert.Equal("Model org/embedder is not served for task text-to-image by provider together: the Hub lists together for feature-extraction, "
            + "hf-inference for sentence-similarity, cohere for conversational.", e.Message);
        Assert.Equal(("org/embedder", "text-to-image"), (e.Model, e.Task));

        var none = Assert.Throws<ProviderNotAvailableException>(() => ProviderResolver.Resolve("org/unserved", "text-to-image", Array.Empty<ProviderMapping>()));
        Assert.Equal("No Inference Provider serves model org/unserved for task text-to-image: the Hub lists no Inference Provider for it.", none.Message);
        Assert.Null((await new HubClient(new HttpClient(), new HubClientOptions { BaseAddress = server.BaseAddress }).ModelInfoAsync("org/unserved")).InferenceProviderMapping);

        // hf-inference serves a sentence-transformers model for feature extraction and sentence similarity alike.
        Assert.Equal("hf-inference", ProviderResolver.Resolve("org/embedder", "feature-extraction", mappings, ProviderChoice.Named("hf-inference")).Provider);
        Assert.Throws<ArgumentException>(() => ProviderChoice.Named("auto"));

        // A model the Hub does not know is the Hub's 404, typed, naming the path.
        var missing = await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ApiException>(() => Mappings(server.BaseAddress, "org/missing"));
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("Repository not found", missing.Message);
    }

    /// <summary>
    /// Replicate's prediction, waited for: the operation's own constant header (<c>Prefer: wait</c>) makes the service
    /// answer the finished prediction, its output a URL on Replicate's host, handed back unfetched.
    /// </summary>
    [Fact]
    public async Task ReplicateAnswersAFinishedPredictionBecauseTheOperationAsksToWait()
    {
        await using var server = await StandInServer.StartAsync();
        var chosen = ProviderResolver.Resolve("org/painter", "text-to-image", await Mappings(server.BaseAddress, "org/painter"), ProviderChoice.Named("replicate"));
        Assert.Equal("org-ai/painter", chosen.ProviderModelId);

        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var prediction = await client.ReplicateTextToImageAsync(chosen.ProviderModelId, new ReplicateImageInput { Prompt = "a red square", Seed = 7 });
        Assert.Equal("succeeded", prediction.Status);
        Assert.Equal(ProviderStandIn.ReplicateUrl("org-ai/painter", "a red square"), prediction.Output!.AsUrl);
        var request = sent.Single();
        Assert.Equal("/replicate/v1/models/org-ai/painter/predictions", request.RequestUri!.AbsolutePath);
        Assert.Equal("wait", request.Headers.GetValues("prefer").Single());
        Assert.Equal("Bearer hf_test", request.Headers.Authorization!.ToString());
        Assert.Single(sent); // the URL is data: never fetched
    }

    /// <summary>
    /// Together's text to video is a job: the client makes it, polls its address (the spec's <c>poll</c>) until it is
    /// completed and answers the completed job; a failed job is a typed error holding its last answer.
    /// </summary>
    [Fact]
    public async Task TogetherVideoIsAJobTheClientWaitsFor()
    {
        await using var server = await StandInServer.StartAsync();
        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });

        var job = await client.TogetherTextToVideoAsync("org-ai/Filmer", "a red square turning");
        Assert.Equal("completed", job.Status);
        Assert.Equal(ProviderStandIn.TogetherVideoUrl(job.Id), job.Outputs!.VideoUrl);
        Assert.Equal(new[] { "POST /together/v2/videos", "GET /together/v2/videos/" + job.Id }, sent.Select(r => r.Method + " " + r.RequestUri!.AbsolutePath));
        Assert.All(sent, r => Assert.Equal("Bearer hf_test", r.Headers.Authorization!.ToString())); // the poll is the router's too

        var failed = await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ApiJobFailedException>(() => client.TogetherTextToVideoAsync("org-ai/Filmer", "please fail"));
        Assert.Equal("failed", failed.Status);
        Assert.Equal("The stand-in was asked to fail.", ((TogetherVideoJob)failed.Job).Error!.Message);
    }

    /// <summary>
    /// WaveSpeed's task is addressed by a URL in its answer on WaveSpeed's own host: the client asks that URL's path on
    /// the router (under /wavespeed), never the other host, with the router's token, and reads the nested status.
    /// </summary>
    [Fact]
    public async Task WavespeedIsAskedAtItsResultUrlsPathOnTheRouter()
    {
        await using var server = await StandInServer.StartAsync();
        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });

        var task = await client.WavespeedTextToImageAsync("wavespeed-ai/flux-dev", "a red square");
        Assert.Equal("completed", task.Data.Status);
        Assert.Equal(ProviderStandIn.WavespeedOutputUrl(task.Data.Id), task.Data.Outputs!.Single());
        Assert.Equal(new[] { "POST /wavespeed/api/v3/wavespeed-ai/flux-dev", $"GET /wavespeed/api/v3/predictions/{task.Data.Id}/result" },
            sent.Select(r => r.Method + " " + r.RequestUri!.AbsolutePath));
        Assert.All(sent, r => Assert.Equal(server.BaseAddress.Authority, r.RequestUri!.Authority)); // the answer's host is never asked
        Assert.All(sent, r => Assert.Equal("Bearer hf_test", r.Headers.Authorization!.ToString()));
    }

    /// <summary>
    /// fal.ai's queue: the request is queued on the router (<c>?_subdomain=queue</c>), its status asked at the path of
    /// its <c>response_url</c> + <c>/status</c> until COMPLETED, then its result at that path: three calls, all on the
    /// router, the answer's host never asked.
    /// </summary>
    [Fact]
    public async Task FalQueuesTheVideoAndTheClientAsksItsStatusThenItsResultOnTheRouter()
    {
        await using var server = await StandInServer.StartAsync();
        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });

        var video = await client.FalAiTextToVideoAsync("fal-ai/wan/v2.2/text-to-video", "a red square turning");
        Assert.StartsWith("https://v3.fal.media.invalid/files/req-", video.Video.Url);
        Assert.Equal(3, sent.Count);
        Assert.Equal("POST /fal-ai/fal-ai/wan/v2.2/text-to-video?_subdomain=queue", sent[0].Method + " " + sent[0].RequestUri!.PathAndQuery);
        Assert.Matches(@"^GET /fal-ai/fal-ai/wan/requests/req-\d+/status\?_subdomain=queue$", sent[1].Method + " " + sent[1].RequestUri!.PathAndQuery);
        Assert.Matches(@"^GET /fal-ai/fal-ai/wan/requests/req-\d+\?_subdomain=queue$", sent[2].Method + " " + sent[2].RequestUri!.PathAndQuery);
        Assert.All(sent, r => Assert.Equal(server.BaseAddress.Authority, r.RequestUri!.Authority));
        Assert.All(sent, r => Assert.Equal("Bearer hf_test", r.Headers.Authorization!.ToString()));
    }

    /// <summary>
    /// hf-inference is one of the providers: the router's client hands out the whole Inference API's client
    /// (<c>subclients</c> in the providers spec) on the router's host under <c>/hf-inference</c>, with the same token.
    /// </summary>
    [Fact]
    public async Task HfInferenceIsReachedThroughTheRoutersClientUnderItsPrefixWithTheSameToken()
    {
        await using var server = await StandInServer.StartAsync();
        var chosen = ProviderResolver.Resolve("org/segmenter", "image-segmentation", await Mappings(server.BaseAddress, "org/segmenter"));
        Assert.Equal(("hf-inference", "org/segmenter"), (chosen.Provider, chosen.ProviderModelId));

        var sent = new List<HttpRequestMessage>();
        using var http = new HttpClient(new Capture(sent));
        var router = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = "hf_test" });
        var hfInference = router.GetHfInferenceClient();
        Assert.Equal(new Uri(server.BaseAddress, "hf-inference"), hfInference.Options.BaseAddress);

        var pixels = new byte[16 * 16];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i % 16 < 8 ? 0 : 255); // two halves: two segments
        var segments = await hfInference.ImageSegmentationAsync(chosen.ProviderModelId, PngMaskWriter.Write(pixels, 16, 16));
        Assert.NotEmpty(segments);
        Assert.All(segments, s => { var mask = s.Mask.Decode(); Assert.Equal((16, 16), (mask.Width, mask.Height)); });
        var request = sent.Single();
        Assert.Equal("/hf-inference/models/org/segmenter", request.RequestUri!.AbsolutePath);
        Assert.Equal("Bearer hf_test", request.Headers.Authorization!.ToString());

        // Options are read when the subclient is made: a token set later goes to the next one.
        router.Options.Token = "hf_rotated";
        Assert.Equal("hf_rotated", router.GetHfInferenceClient().Options.Token);
        Assert.Equal("hf_test", hfInference.Options.Token);
    }

    [Fact]
    public async Task TheTokenDoesNotFollowARedirectToAnotherHost()
    {
        // A route that redirects to another origin (as a provider's answer may point at its own host): the token stays behind.
        var seen = new List<string>();
        var (elsewhere, elsewhereAddress) = await LoopbackHost.StartAsync(a => a.MapPost("/{**path}", (Microsoft.AspNetCore.Http.HttpContext c) =>
        {
            seen.Add("authorization=" + c.Request.Headers.Authorization.ToString());
            return Microsoft.AspNetCore.Http.Results.Json(new Dictionary<string, string> { ["error"] = "no token here" }, statusCode: 401);
        }));
        var (router, routerAddress) = await LoopbackHost.StartAsync(a => a.MapPost("/together/v1/embeddings",
            () => Microsoft.AspNetCore.Http.Results.Redirect(new Uri(elsewhereAddress, "v1/embeddings").ToString(), permanent: false, preserveMethod: true)));
        try
        {
            using var http = new HttpClient();
            var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = routerAddress, Token = "hf_secret" });
            var e = await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ApiException>(() => client.TogetherFeatureExtractionAsync(new TogetherFeatureExtractionRequest { Model = "m", Input = new[] { "x" } }));
            Assert.Equal(401, (int)e.StatusCode);
            Assert.Equal(new[] { "authorization=" }, seen); // followed once, without the Authorization header
            Assert.DoesNotContain("hf_secret", e.ToString());
        }
        finally
        {
            await router.DisposeAsync();
            await elsewhere.DisposeAsync();
        }
    }

    private sealed class Capture(List<HttpRequestMessage> sent) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            sent.Add(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
