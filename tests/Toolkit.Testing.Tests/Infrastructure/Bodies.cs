using System;
using System.Collections.Generic;
using System.Text;
using Toolkit.Runtime.Masks;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Tests.Infrastructure;

/// <summary>Self-made exchanges: valid by construction, so that each test's one mutation is the only fault.</summary>
internal static class Bodies
{
    public static string MaskBase64(int width = 8, int height = 6)
    {
        var values = new byte[width * height];
        for (var y = 1; y < height - 1; y++)
        for (var x = 2; x < width - 1; x++) values[y * width + x] = 255;
        return Convert.ToBase64String(new Mask(width, height, values).ToPng());
    }

    public static string ValidSegments()
        => "[{\"label\":\"cat\",\"score\":0.98,\"mask\":\"" + MaskBase64() + "\"},"
         + "{\"label\":\"wall\",\"score\":null,\"mask\":\"" + MaskBase64(5, 5) + "\"}]";

    public static RecordedExchange Exchange(int status, string? body, string? contentType = "application/json")
    {
        var headers = CassetteFile.NewHeaders();
        if (contentType is not null) headers["Content-Type"] = contentType;
        var requestHeaders = CassetteFile.NewHeaders();
        requestHeaders["Content-Type"] = "image/png";
        return new RecordedExchange(
            new RecordedRequest("POST", "https://api-inference.huggingface.co/models/org/model", requestHeaders, new RecordedBody(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0, 1, 2 })),
            new RecordedResponse(status, headers, body is null ? null : new RecordedBody(Encoding.UTF8.GetBytes(body))));
    }

    public static Cassette Cassette(params RecordedExchange[] exchanges)
    {
        var cassette = new Cassette();
        cassette.Exchanges.AddRange(exchanges);
        return cassette;
    }

    public static IReadOnlyDictionary<string, string> Headers(params (string Name, string Value)[] headers)
    {
        var result = CassetteFile.NewHeaders();
        foreach (var (name, value) in headers) result[name] = value;
        return result;
    }
}
