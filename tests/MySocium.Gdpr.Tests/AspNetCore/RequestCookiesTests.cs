using Microsoft.Extensions.Primitives;

namespace MySocium.Gdpr.Tests.AspNetCore;

public class RequestCookiesTests
{
    [Theory]
    [InlineData("a=1; b=2; c=3", "b", "2")]
    [InlineData("a=1;b=2", "b", "2")]
    [InlineData("  a = 1 ;  b=\"quoted\"  ", "b", "quoted")]
    [InlineData("b=first; b=second", "b", "first")]
    [InlineData("a=x=y", "a", "x=y")]
    [InlineData("a=", "a", "")]
    [InlineData(";;=nameless; ; b=2;", "b", "2")]
    public void TryGet_FindsTheFirstCookieOfThatName(string header, string name, string expected)
    {
        RequestCookies.TryGet(new StringValues(header), name, out var value).Should().BeTrue();

        value.ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab=1; a b=2")]
    [InlineData("novalue")]
    public void TryGet_WithoutThatCookie_IsFalse(string header)
    {
        RequestCookies.TryGet(new StringValues(header), "a", out _).Should().BeFalse();
    }

    [Fact]
    public void Enumeration_SpansSeveralCookieHeaders()
    {
        var cookies = new RequestCookies(new StringValues(["a=1; b=2", "", "c=3"]));
        var names = new List<string>();

        while (cookies.MoveNext())
        {
            names.Add($"{cookies.Name}={cookies.Value}");
        }

        names.Should().Equal("a=1", "b=2", "c=3");
    }
}
