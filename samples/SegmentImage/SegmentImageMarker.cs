
/// <summary>Lets the samples tests find this assembly and its entry point.</summary>
public static class SegmentImageMarker
{
}
