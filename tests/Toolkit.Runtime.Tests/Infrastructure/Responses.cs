using System;
using System.Net;
using System.Net.Http;
using System.Text;
using Toolkit.Runtime.Masks;

namespace Toolkit.Runtime.Tests.Infrastructure;

/// <summary>Responses the tests make themselves, so a fresh clone without ../shared covers the same flows.</summary>
internal static class Responses
{
    /// <summary>A w×h mask whose left half is foreground, as a base64 PNG.</summary>
    public static string HalfMask(int width = 8, int height = 4)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width / 2; x++) pixels[y * width + x] = 255;
        }
        return Convert.ToBase64String(PngMaskWriter.Write(pixels, width, height));
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/json")
        => new(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };

    public static HttpResponseMessage Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>The loading answer the real service gives, with a request id.</summary>
    public static HttpResponseMessage Loading(double estimatedSeconds = 0.01)
    {
        var response = Json($"{{\"error\":\"Model m is currently loading\",\"estimated_time\":{estimatedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}", HttpStatusCode.ServiceUnavailable);
        response.Headers.Add("x-request-id", "req-1");
        return response;
    }

    public static string TwoSegments()
        => $"[{{\"score\":0.9,\"label\":\"person\",\"mask\":\"{HalfMask()}\"}},{{\"score\":null,\"label\":\"wall\",\"mask\":\"{HalfMask()}\",\"extra\":{{\"nested\":[1,2]}}}},{{\"label\":\"sky\",\"mask\":\"{HalfMask()}\"}}]";
}
