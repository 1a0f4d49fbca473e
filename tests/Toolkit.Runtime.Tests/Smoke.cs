namespace Toolkit.Runtime.Tests;
public class Smoke { [Xunit.Fact] public void Compiles() => Xunit.Assert.NotNull(typeof(HuggingFace.Inference.ImageSegmentation.ImageSegmentationClient)); }
