using System.Text;

namespace Toolkit.Tests.Shared;

/// <summary>A spec whose response object has as many fields as asked: the scale case of the generator and the CLI.</summary>
public static class WideSpec
{
    public static string Text(int fields)
    {
        var sb = new StringBuilder();
        sb.Append("{ \"name\": \"wide\", \"version\": \"1.0.0\", \"namespace\": \"Wide.Api\", \"operation\": \"run\",\n");
        sb.Append("  \"request\": { \"method\": \"POST\", \"path\": \"/run\", \"baseUrl\": \"https://example.test\" },\n");
        sb.Append("  \"payload\": { \"inputs\": { \"type\": \"string\", \"required\": true } },\n");
        sb.Append("  \"response\": { \"type\": \"object\", \"properties\": {\n");
        for (var i = 0; i < fields; i++)
        {
            var type = (i % 4) switch { 0 => "string", 1 => "number", 2 => "integer", _ => "boolean" };
            sb.Append("    \"field_").Append(i).Append("\": { \"type\": \"").Append(type).Append("\", \"description\": \"Field ").Append(i).Append(".\" }");
            sb.Append(i + 1 < fields ? ",\n" : "\n");
        }
        sb.Append("  } } }\n");
        return sb.ToString();
    }
}
