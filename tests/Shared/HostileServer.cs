using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.Tests.Shared;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose: drips bodies, sends endless ones, lies about
/// lengths, echoes what it was sent, redirects. It is bounded: each connection writes at most
/// <see cref="MaxBytesPerConnection"/> and the server stops by itself after <see cref="Lifetime"/>.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    /// <summary>The most bytes one connection writes, however endless its scenario.</summary>
    public const long MaxBytesPerConnection = 256L * 1024 * 1024;

    /// <summary>The server stops by itself after this long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly TcpListener _listener;
    private readonly Func<HostileRequest, HostileResponse, Task> _scenario;
    private readonly CancellationTokenSource _stop = new(Lifetime);
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = new();

    private HostileServer(Func<HostileRequest, HostileResponse, Task> scenario)
    {
        _scenario = scenario;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a server that plays <paramref name="scenario"/> on every request.</summary>
    public static HostileServer Start(Func<HostileRequest, HostileResponse, Task> scenario) => new(scenario);

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<HostileRequest> Requests { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int Connections => _connectionCount;

    private int _connectionCount;

    /// <summary>Bytes written on each connection, in order of acceptance (complete once the connection closed).</summary>
    public ConcurrentQueue<long> BytesWritten { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connectionCount);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var response = new HostileResponse(stream, _stop.Token);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await HostileRequest.ReadAsync(stream, _stop.Token);
                    if (request is null) break;
                    Requests.Enqueue(request);
                    await _scenario(request, response);
                    if (response.Closed) break;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up (what a bounded client does to an endless body), or the server's time is up.
            }
            finally
            {
                BytesWritten.Enqueue(response.Written);
            }
        }
    }

    /// <summary>Waits until every connection has finished (the client closed it, or the scenario ended).</summary>
    public async Task<IReadOnlyList<long>> ConnectionsDoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (BytesWritten.Count < _connectionCount && DateTime.UtcNow < deadline) await Task.Delay(20);
        return BytesWritten.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
            await Task.WhenAll(_connections);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>A request as the server saw it: request line, headers (names lower-cased) and body.</summary>
public sealed class HostileRequest
{
    private const int MaxHead = 64 * 1024;
    private const int MaxBody = 16 * 1024 * 1024;

    public required string Method { get; init; }

    public required string Target { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    internal static async Task<HostileRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return null;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') break;
            if (head.Count > MaxHead) throw new IOException("request head too long");
        }
        var lines = Encoding.Latin1.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            if (colon > 0) headers[lines[i][..colon].Trim().ToLowerInvariant()] = lines[i][(colon + 1)..].Trim();
        }
        var length = headers.TryGetValue("content-length", out var text) ? Math.Min(long.Parse(text), MaxBody) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        return new HostileRequest { Method = requestLine[0], Target = requestLine.Length > 1 ? requestLine[1] : "/", Headers = headers, Body = body };
    }
}

/// <summary>Writes raw response bytes, counting them, never more than <see cref="HostileServer.MaxBytesPerConnection"/>.</summary>
public sealed class HostileResponse
{
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;

    internal HostileResponse(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Bytes written so far on this connection.</summary>
    public long Written { get; private set; }

    /// <summary>Set by a scenario that ends the connection after its answer.</summary>
    public bool Closed { get; set; }

    /// <summary>Writes a status line and headers (raw: a scenario may put anything in the reason or a value).</summary>
    public Task HeadAsync(int status, string reason, params (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder().Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
        foreach (var (name, value) in headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        sb.Append("\r\n");
        return WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>A whole answer with a Content-Length.</summary>
    public async Task AnswerAsync(int status, string reason, byte[] body, params (string Name, string Value)[] headers)
    {
        var all = new List<(string, string)>(headers) { ("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        await HeadAsync(status, reason, all.ToArray());
        await WriteAsync(body);
    }

    public async Task WriteAsync(byte[] bytes)
    {
        if (Written + bytes.Length > HostileServer.MaxBytesPerConnection) throw new IOException("the server's byte budget is spent");
        await _stream.WriteAsync(bytes, _cancellationToken);
        await _stream.FlushAsync(_cancellationToken);
        Written += bytes.Length;
    }

    /// <summary>Writes one byte every <paramref name="interval"/>, up to <paramref name="count"/> bytes.</summary>
    public async Task DripAsync(int count, TimeSpan interval, byte value = (byte)' ')
    {
        for (var i = 0; i < count; i++)
        {
            await WriteAsync(new[] { value });
            await Task.Delay(interval, _cancellationToken);
        }
    }

    /// <summary>Writes <paramref name="chunk"/> again and again until the client hangs up or the budget is spent.</summary>
    public async Task EndlessAsync(byte[] chunk)
    {
        while (true) await WriteAsync(chunk);
    }

    /// <summary>Chunked transfer encoding without end: one chunk of <paramref name="data"/> after another.</summary>
    public async Task EndlessChunkedAsync(byte[] data)
    {
        var prefix = Encoding.ASCII.GetBytes(data.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n");
        var frame = new byte[prefix.Length + data.Length + 2];
        prefix.CopyTo(frame, 0);
        data.CopyTo(frame, prefix.Length);
        frame[^2] = (byte)'\r';
        frame[^1] = (byte)'\n';
        while (true) await WriteAsync(frame);
    }
}
