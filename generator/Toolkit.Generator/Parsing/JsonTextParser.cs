using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Parsing;

/// <summary>Thrown inside the parser only; <see cref="JsonTextParser.TryParse"/> turns it into an error result.</summary>
internal sealed class JsonSyntaxError : System.Exception
{
    public JsonSyntaxError(int position, string message) : base(message) => Position = position;

    public int Position { get; }
}

/// <summary>
/// A strict RFC 8259 JSON parser that keeps the text span of every node. The generator cannot use
/// System.Text.Json (a third-party dependency inside the compiler), and specs need positions for diagnostics.
/// </summary>
internal sealed class JsonTextParser
{
    /// <summary>Deeper nesting is refused rather than risking a stack overflow, which no catch can stop.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly int _offset;
    private int _pos;

    private JsonTextParser(string text, int offset)
    {
        _text = text;
        _offset = offset;
    }

    /// <summary>
    /// Parses a whole document; on failure returns null with the error's position (in <paramref name="text"/>) and
    /// message. Node spans are shifted by <paramref name="offset"/>: an overlay's nodes live after the spec's text
    /// (see <see cref="SpecSources"/>), so every span still says which file it came from.
    /// </summary>
    public static JsonNode? TryParse(string text, out int errorPosition, out string? error, int offset = 0)
    {
        var parser = new JsonTextParser(text, offset);
        try
        {
            if (text.Length > 0 && text[0] == '\uFEFF') parser._pos = 1; // a byte order mark is not content
            parser.SkipWhitespace();
            var node = parser.ParseValue(0);
            parser.SkipWhitespace();
            if (parser._pos < text.Length)
            {
                throw new JsonSyntaxError(parser._pos, "unexpected text after the end of the document");
            }
            errorPosition = 0;
            error = null;
            return node;
        }
        catch (JsonSyntaxError e)
        {
            errorPosition = e.Position > text.Length ? text.Length : e.Position;
            error = e.Message;
            return null;
        }
    }

    private TextSpan Span(int start) => TextSpan.FromBounds(start + _offset, _pos + _offset);

    private JsonNode ParseValue(int depth)
    {
        if (_pos >= _text.Length) throw new JsonSyntaxError(_pos, "unexpected end of text, expected a value");
        var c = _text[_pos];
        switch (c)
        {
            case '{': return ParseObject(depth + 1);
            case '[': return ParseArray(depth + 1);
            case '"':
                var start = _pos;
                var s = ParseString();
                return new JsonString(Span(start), s);
            case 't': return ParseLiteral("true", JsonKind.True);
            case 'f': return ParseLiteral("false", JsonKind.False);
            case 'n': return ParseLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                throw new JsonSyntaxError(_pos, $"unexpected character '{Printable(c)}', expected a value");
        }
    }

    private JsonObject ParseObject(int depth)
    {
        CheckDepth(depth);
        var start = _pos;
        _pos++; // {
        var properties = new List<JsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return new JsonObject(Span(start), properties);
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw new JsonSyntaxError(_pos, "expected a property name in double quotes");
            var nameStart = _pos;
            var name = ParseString();
            var nameSpan = Span(nameStart);
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            var value = ParseValue(depth);
            properties.Add(new JsonProperty(name, nameSpan, value));
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ',') continue;
            if (next == '}') return new JsonObject(Span(start), properties);
            throw new JsonSyntaxError(_pos - 1, "expected ',' or '}' after a property value");
        }
    }

    private JsonArray ParseArray(int depth)
    {
        CheckDepth(depth);
        var start = _pos;
        _pos++; // [
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return new JsonArray(Span(start), items);
        }
        while (true)
        {
            SkipWhitespace();
            items.Add(ParseValue(depth));
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ',') continue;
            if (next == ']') return new JsonArray(Span(start), items);
            throw new JsonSyntaxError(_pos - 1, "expected ',' or ']' after an array item");
        }
    }

    private string ParseString()
    {
        // Most strings of a spec have no escape: they are a slice of the text (no builder, no copy char by char).
        var start = _pos;
        for (var i = start + 1; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == '\\') break;
            if (c < 0x20)
            {
                _pos = i + 1;
                throw new JsonSyntaxError(i, "control character in a string (escape it)");
            }
            if (c != '"') continue;
            var plain = _text.Substring(start + 1, i - start - 1);
            _pos = i + 1;
            CheckSurrogates(plain, start);
            return plain;
        }
        return ParseEscapedString(start);
    }

    /// <summary>A string with escapes (or an unterminated one), from its opening quote at <paramref name="start"/>.</summary>
    private string ParseEscapedString(int start)
    {
        _pos = start + 1; // after the opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw new JsonSyntaxError(_pos, "unterminated string");
            var c = _text[_pos++];
            if (c == '"')
            {
                var text = sb.ToString();
                CheckSurrogates(text, start);
                return text;
            }
            if (c < 0x20) throw new JsonSyntaxError(_pos - 1, "control character in a string (escape it)");
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _text.Length) throw new JsonSyntaxError(_pos, "unterminated escape sequence");
            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length) throw new JsonSyntaxError(_pos, "incomplete \\u escape");
                    var hex = _text.Substring(_pos, 4);
                    if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new JsonSyntaxError(_pos, "invalid \\u escape");
                    }
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw new JsonSyntaxError(_pos - 1, $"invalid escape '\\{Printable(e)}'");
            }
        }
    }

    /// <summary>An unpaired surrogate is no character at all: it cannot become a name, a UTF-8 literal or text.</summary>
    private static void CheckSurrogates(string text, int start)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw new JsonSyntaxError(start, $"the string has an unpaired surrogate (\\u{(int)text[i]:x4}) at character {i + 1}");
        }
    }

    private JsonNumber ParseNumber()
    {
        var start = _pos;
        if (Peek() == '-') _pos++;
        if (Peek() == '0')
        {
            _pos++;
        }
        else if (IsDigit(Peek()))
        {
            while (IsDigit(Peek())) _pos++;
        }
        else
        {
            throw new JsonSyntaxError(_pos, "invalid number");
        }
        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek())) throw new JsonSyntaxError(_pos, "invalid number: expected a digit after '.'");
            while (IsDigit(Peek())) _pos++;
        }
        if (Peek() == 'e' || Peek() == 'E')
        {
            _pos++;
            if (Peek() == '+' || Peek() == '-') _pos++;
            if (!IsDigit(Peek())) throw new JsonSyntaxError(_pos, "invalid number: expected a digit in the exponent");
            while (IsDigit(Peek())) _pos++;
        }
        var text = _text.Substring(start, _pos - start);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsInfinity(value))
        {
            throw new JsonSyntaxError(start, "number out of range");
        }
        return new JsonNumber(Span(start), text, value);
    }

    private JsonLiteral ParseLiteral(string literal, JsonKind kind)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw new JsonSyntaxError(_pos, $"unexpected character '{Printable(_text[_pos])}', expected a value");
        }
        var start = _pos;
        _pos += literal.Length;
        return new JsonLiteral(kind, Span(start));
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth) throw new JsonSyntaxError(_pos, $"nesting deeper than {MaxDepth} levels");
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw new JsonSyntaxError(_pos, $"expected '{c}'");
        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            _pos++;
        }
    }

    private static string Printable(char c) => c < 0x20 || c > 0x7e ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString();
}
