using System.Globalization;
using System.Text;

namespace CamSharp.Onnx;

/// <summary>
/// A small reader for the Python literals that exporters write into ONNX metadata
/// (<c>{0: 'person', 1: "it's"}</c>, <c>[640, 640]</c>): dicts, lists, tuples, integers and
/// quoted strings. It evaluates nothing; anything else makes it return null.
/// </summary>
internal sealed class PythonLiteral
{
    // Metadata is untrusted: deep nesting must not overflow the stack.
    private const int MaxDepth = 32;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private PythonLiteral(string text) => _text = text;

    /// <summary>
    /// The value: <see cref="long"/>, <see cref="string"/>, <c>List&lt;object&gt;</c> or
    /// <c>List&lt;KeyValuePair&lt;object, object&gt;&gt;</c> (dict, in file order); null if unparsable.
    /// </summary>
    public static object? Parse(string text)
    {
        var p = new PythonLiteral(text);
        try
        {
            var value = p.Value();
            p.SkipSpace();
            return p._pos == text.Length ? value : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private object Value()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw new FormatException();
        if (++_depth > MaxDepth) throw new FormatException();
        char c = _text[_pos];
        object value = c switch
        {
            '{' => Dict(),
            '[' => Sequence(']'),
            '(' => Sequence(')'),
            '\'' or '"' => Str(),
            _ => Integer(),
        };
        _depth--;
        return value;
    }

    private List<KeyValuePair<object, object>> Dict()
    {
        _pos++;
        var items = new List<KeyValuePair<object, object>>();
        while (!TryConsume('}'))
        {
            var key = Value();
            Expect(':');
            items.Add(new(key, Value()));
            if (!TryConsume(',')) { Expect('}'); break; }
        }
        return items;
    }

    private List<object> Sequence(char close)
    {
        _pos++;
        var items = new List<object>();
        while (!TryConsume(close))
        {
            items.Add(Value());
            if (!TryConsume(',')) { Expect(close); break; }
        }
        return items;
    }

    private string Str()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw new FormatException();
            char c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) throw new FormatException();
            char e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'x': sb.Append((char)Hex(2)); break;
                case 'u': sb.Append((char)Hex(4)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(8))); break;
                default: sb.Append(e); break; // \\ \' \" and anything Python would keep
            }
        }
    }

    private int Hex(int digits)
    {
        if (_pos + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
            throw new FormatException();
        _pos += digits;
        return v;
    }

    private long Integer()
    {
        int start = _pos;
        if (_pos < _text.Length && (_text[_pos] == '-' || _text[_pos] == '+')) _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        return long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException();
    }

    private bool TryConsume(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c) { _pos++; return true; }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c)) throw new FormatException();
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }
}
