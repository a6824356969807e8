using System.Text;
using System.Text.Json;
using GoMem.Output.Json;

namespace GoMem.Tests.Output.Json;

public sealed class JsonWriterExtensionsTests
{
    [Fact]
    public void Absent_numbers_are_written_as_null()
    {
        var text = Write(json =>
        {
            json.WriteNumberOrNull("a", (double?)null);
            json.WriteNumberOrNull("b", (long?)null);
            json.WriteFiniteNumberOrNull("c", null);
            json.WriteNumberOrNull("d", 1.5);
            json.WriteNumberOrNull("e", 9007199254740993L);
            json.WriteFiniteNumberOrNull("f", 0.25);
        });

        Assert.Equal("""{"a":null,"b":null,"c":null,"d":1.5,"e":9007199254740993,"f":0.25}""", text);
    }

    [Fact]
    public void Only_the_finite_variant_turns_nan_and_infinity_into_null()
    {
        Assert.Equal("""{"p":null,"q":null}""", Write(json =>
        {
            json.WriteFiniteNumberOrNull("p", double.NaN);
            json.WriteFiniteNumberOrNull("q", double.PositiveInfinity);
        }));
        Assert.Throws<ArgumentException>(() => Write(json => json.WriteNumberOrNull("p", double.NaN)));
    }

    [Fact]
    public void String_arrays_keep_their_order_and_may_be_empty()
    {
        var text = Write(json =>
        {
            json.WriteStringArray("names", ["b", "a", "c\"d"]);
            json.WriteStringArray("none", []);
        });

        Assert.Equal("""{"names":["b","a","c\u0022d"],"none":[]}""", text);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
