using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using SkiaSharp;
using StbImageSharp;
using Toolkit.Runtime.Masks;

/// <summary>Draws the picture a person wants: the input with each segment tinted, outlined and labelled.</summary>
internal static class OverlayRenderer
{
    private static readonly (byte R, byte G, byte B)[] Colours =
    {
        (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48), (145, 30, 180),
        (70, 240, 240), (240, 50, 230), (210, 245, 60), (250, 190, 212), (0, 128, 128), (170, 110, 40),
    };

    private static readonly string[] FontFiles =
    {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    };

    public static byte[] Render(ImageResult image, IReadOnlyList<(string Label, Mask Mask)> segments)
    {
        int width = image.Width, height = image.Height;
        var rgba = (byte[])image.Data.Clone();
        for (var k = 0; k < segments.Count; k++)
        {
            var mask = segments[k].Mask;
            if (mask.Width != width || mask.Height != height) continue; // a mask for another size cannot be placed
            var pixels = mask.ToBytes();
            var (r, g, b) = Colours[k % Colours.Length];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var i = y * width + x;
                    if (pixels[i] == 0) continue;
                    var edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                               || pixels[i - 1] == 0 || pixels[i + 1] == 0 || pixels[i - width] == 0 || pixels[i + width] == 0;
                    var alpha = edge ? 1.0 : 0.45; // translucent fill, solid outline
                    rgba[4 * i] = (byte)(rgba[4 * i] * (1 - alpha) + r * alpha);
                    rgba[4 * i + 1] = (byte)(rgba[4 * i + 1] * (1 - alpha) + g * alpha);
                    rgba[4 * i + 2] = (byte)(rgba[4 * i + 2] * (1 - alpha) + b * alpha);
                }
            }
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var typeface = LoadTypeface();
            using var font = new SKFont(typeface, Math.Clamp(height / 28f, 10f, 28f));
            using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
            using var back = new SKPaint { Color = new SKColor(0, 0, 0, 170) };
            for (var k = 0; k < segments.Count; k++)
            {
                if (segments[k].Mask.BoundingBox is not { } box) continue;
                var label = segments[k].Label;
                var textWidth = font.MeasureText(label);
                float x = Math.Min(box.X + 2, Math.Max(0, width - textWidth - 6)), y = box.Y + 2;
                canvas.DrawRect(x, y, textWidth + 6, font.Size + 6, back);
                canvas.DrawText(label, x + 3, y + font.Size + 1, SKTextAlign.Left, font, text);
            }
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static SKTypeface LoadTypeface()
    {
        foreach (var file in FontFiles)
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } typeface) return typeface;
        }
        return SKTypeface.Default;
    }
}
