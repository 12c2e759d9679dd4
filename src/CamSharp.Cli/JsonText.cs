using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CamSharp.Cli;

/// <summary>
/// The <c>--json</c> documents: the commands' summaries (anonymous objects, lists, dictionaries,
/// numbers, strings) written indented, NaN and infinities as strings. System.Text.Json's
/// reflection serializer needs code generated at run time for value-typed properties, which a
/// natively compiled tool does not have; this walks the values itself, so the same text comes out
/// of the JIT-compiled and the native tool. The CLI assembly keeps its types' members when
/// trimmed (see the project file), so the anonymous types' properties are there to read.
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static string Serialize(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented)) Write(writer, value);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The CLI assembly is a trimmer root: its anonymous types keep their properties.")]
    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case float f: WriteNumber(writer, f); break;
            case double d: WriteNumber(writer, d); break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case Enum e: writer.WriteNumberValue(Convert.ToInt64(e, CultureInfo.InvariantCulture)); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var property in value.GetType().GetProperties())
                {
                    if (property.GetIndexParameters().Length > 0) continue;
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.GetValue(value));
                }
                writer.WriteEndObject();
                break;
        }
    }

    // As System.Text.Json's AllowNamedFloatingPointLiterals: "NaN", "Infinity", "-Infinity" as strings.
    private static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
