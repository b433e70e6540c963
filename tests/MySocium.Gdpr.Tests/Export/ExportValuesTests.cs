using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Tests.Export;

public sealed class ExportValuesTests
{
    public static TheoryData<object?, string> Values => new()
    {
        { null, "null" },
        { "Zoë", "\"Zoë\"" },
        { true, "true" },
        { 42, "42" },
        { -7L, "-7" },
        { (byte)255, "255" },
        { ulong.MaxValue, "18446744073709551615" },
        { 12.50m, "12.50" },
        { 0.25d, "0.25" },
        { double.NaN, "\"NaN\"" },
        { float.PositiveInfinity, "\"Infinity\"" },
        { 'x', "\"x\"" },
        { new Guid("8711471b-a43a-4645-b2ba-9b98b6268e0b"), "\"8711471b-a43a-4645-b2ba-9b98b6268e0b\"" },
        { new DateTime(2026, 3, 1, 12, 30, 5, DateTimeKind.Utc), "\"2026-03-01T12:30:05Z\"" },
        { new DateTimeOffset(2026, 3, 1, 12, 30, 5, TimeSpan.FromHours(1)), "\"2026-03-01T12:30:05+01:00\"" },
        { new DateOnly(1843, 9, 5), "\"1843-09-05\"" },
        { new TimeOnly(8, 15, 30), "\"08:15:30.0000000\"" },
        { TimeSpan.FromHours(26.5), "\"1.02:30:00\"" },
        { IPAddress.Parse("2001:db8::1"), "\"2001:db8::1\"" },
        { new byte[] { 1, 2, 3, 250 }, "\"AQID+g==\"" },
        { DayOfWeek.Friday, "\"Friday\"" },
        { new List<int> { 1, 2 }, "[1,2]" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Write_GivesAPortableJsonValue(object? value, string expected)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            ExportValues.Write(json, value);
        }

        Encoding.UTF8.GetString(buffer.ToArray()).Should().Be(expected);
    }

    [Theory]
    [InlineData(typeof(int), "Int32")]
    [InlineData(typeof(Guid?), "Guid?")]
    [InlineData(typeof(byte[]), "Byte[]")]
    [InlineData(typeof(List<string>), "List<String>")]
    public void TypeName_IsReadable(Type type, string expected) => ExportValues.TypeName(type).Should().Be(expected);
}
