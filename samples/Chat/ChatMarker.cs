namespace Chat;

/// <summary>Lets tests find this sample's assembly (and run its entry point in process).</summary>
public static class ChatMarker
{
}
