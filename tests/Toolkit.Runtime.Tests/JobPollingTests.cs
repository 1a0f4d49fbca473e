using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Transport;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// Waiting for a job (a spec's <c>poll</c>): ask again while pending or without a status, answer when done, a typed
/// error for any other state and when the polls run out, and never more asks than the spec allows.
/// </summary>
public sealed class JobPollingTests
{
    private sealed record Job(string? Status, int Asked);

    private static readonly JobStates States = new("make-video", new[] { "queued", "in_progress" }, new[] { "completed" }, TimeSpan.FromMilliseconds(1), 5);

    private static Func<Job, CancellationToken, Task<Job>> Answers(params string?[] statuses)
        => (job, _) => Task.FromResult(new Job(statuses[job.Asked], job.Asked + 1));

    [Fact]
    public async Task PendingAndMissingStatusesAreAskedAgainUntilDone()
    {
        var done = await JobPolling.PollAsync(new Job(null, 0), j => j.Status, Answers("queued", null, "in_progress", "completed"), States, default);
        Assert.Equal(("completed", 4), (done.Status, done.Asked));
    }

    [Fact]
    public async Task AJobDoneAtOnceIsNotAskedAgain()
    {
        var asked = 0;
        var done = await JobPolling.PollAsync(new Job("completed", 0), j => j.Status, (j, _) => { asked++; return Task.FromResult(j); }, States, default);
        Assert.Equal(0, asked);
        Assert.Equal("completed", done.Status);
    }

    [Fact]
    public async Task AnyOtherStateIsAJobFailureHoldingTheLastAnswer()
    {
        var e = await Assert.ThrowsAsync<ApiJobFailedException>(() => JobPolling.PollAsync(new Job("queued", 0), j => j.Status, Answers("failed"), States, default));
        Assert.Equal(("make-video", "failed"), (e.Operation, e.Status));
        Assert.Equal(new Job("failed", 1), e.Job);
        Assert.Contains("'failed'", e.Message);
    }

    [Fact]
    public async Task PollsAreBoundedByTheSpec()
    {
        var asked = 0;
        var e = await Assert.ThrowsAsync<ApiTimeoutException>(() => JobPolling.PollAsync(new Job("queued", 0), j => j.Status,
            (j, _) => { asked++; return Task.FromResult(j); }, States, default));
        Assert.Equal(5, asked);
        Assert.Equal("MaxPolls", e.Limit);
        Assert.Contains("'queued' after 5 polls", e.Message);
    }

    /// <summary>A job addressed by a URL in its answer is asked on the client's own host: only the URL's path is taken.</summary>
    [Theory]
    [InlineData("https://queue.fal.run/fal-ai/wan/requests/7f3a", "/fal-ai/wan/requests/7f3a")]
    [InlineData("https://evil.example/steal?token=1#x", "/steal")]
    [InlineData("http://api.wavespeed.ai/api/v3/predictions/abc/result", "/api/v3/predictions/abc/result")]
    public void AJobsUrlGivesItsPathOnly(string url, string path) => Assert.Equal(path, ApiPaths.PathOf(url, "$.response_url"));

    /// <summary>A hostile answer cannot climb out of the prefix nor leave the host: dots are resolved inside the URL, and the host is the base's.</summary>
    [Theory]
    [InlineData("https://evil.example/../../hf-inference/models/x")]
    [InlineData("https://evil.example/%2e%2e/%2e%2e/admin")]
    [InlineData("https://user:pw@evil.example:8443//other.host/steal")]
    public void AHostileJobUrlStaysOnTheClientsHostUnderItsPrefix(string url)
    {
        var uri = ApiPaths.Combine(new Uri("https://router.example/"), "/fal-ai" + ApiPaths.PathOf(url, "$.response_url"));
        Assert.Equal("router.example", uri.Host);
        Assert.StartsWith("/fal-ai/", uri.AbsolutePath);
        Assert.DoesNotContain("pw", uri.ToString());
    }

    [Theory]
    [InlineData(null, "nothing")]
    [InlineData("/relative/path", "/relative/path")]
    [InlineData("file:///etc/passwd", "file:///etc/passwd")]
    public void AMissingOrNonHttpJobUrlIsATypedError(string? url, string found)
    {
        var e = Assert.Throws<Toolkit.Runtime.Json.JsonPayloadException>(() => ApiPaths.PathOf(url, "$.data.urls.get"));
        Assert.Equal("$.data.urls.get", e.Path);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public async Task CancellingStopsTheWait()
    {
        using var cancel = new CancellationTokenSource();
        var slow = new JobStates("make-video", new[] { "queued" }, new[] { "completed" }, TimeSpan.FromMinutes(10), 5);
        var wait = JobPolling.PollAsync(new Job("queued", 0), j => j.Status, Answers("completed"), slow, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
