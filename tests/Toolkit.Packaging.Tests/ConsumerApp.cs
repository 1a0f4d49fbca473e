namespace Toolkit.Packaging.Tests;

/// <summary>The consumer's Program.cs: the README's quick start, pointed at a base address given on the command line.</summary>
internal static class ConsumerApp
{
    public const string Program = """
        using HuggingFace.Inference.ImageSegmentation;

        using var http = new HttpClient();
        var client = new ImageSegmentationClient(http, new ImageSegmentationClientOptions
        {
            BaseAddress = new Uri(args[0]),
            Model = "stand-in/model",
        });
        var segments = await client.SegmentAsync(File.ReadAllBytes(args[1]),
            new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Panoptic });
        foreach (var s in segments)
        {
            var mask = s.Mask.Decode();
            Console.WriteLine($"segment {s.Label} {mask.Width}x{mask.Height} area {mask.Area}");
        }
        Console.WriteLine($"{segments.Count} segments");
        """;
}
