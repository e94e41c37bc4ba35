using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;

namespace Callytics.Runtime.Tests.Helpers;

public sealed class TemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 30, 5, TimeSpan.Zero);

    private static CallState State(params (string, string)[] vars)
    {
        var s = new CallState();
        foreach (var (k, v) in vars) s.Set(k, v);
        return s;
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Hi {{name}}!", "Hi Ann!")]
    [InlineData("{{ name }}/{{name}}", "Ann/Ann")]
    [InlineData("{{missing}}|", "|")]
    [InlineData("at {{now}}", "at 2026-11-21T08:30:05Z")]
    public void Renders_variables(string text, string expected) =>
        Assert.Equal(expected, Template.Parse(text).Render(State(("name", "Ann")), Now, TemplateEscaping.None));

    [Theory]
    [InlineData("{{open", "never closed")]
    [InlineData("{{Name}}", "does not name a variable")]
    [InlineData("{{}}", "does not name a variable")]
    [InlineData("{{a b}}", "does not name a variable")]
    public void Rejects_malformed_templates(string text, string reason)
    {
        Assert.False(Template.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Escapes_by_context()
    {
        var state = State(("v", "a \"b\"/c&d\n"));
        Assert.Equal("{\"x\":\"a \\\"b\\\"/c&d\\n\"}", Template.Parse("{\"x\":\"{{v}}\"}").Render(state, Now, TemplateEscaping.Json));
        Assert.Equal("https://h/p?q=a%20%22b%22%2Fc%26d%0A", Template.Parse("https://h/p?q={{v}}").Render(state, Now, TemplateEscaping.Url));
        Assert.Throws<TemplateRenderException>(() => Template.Parse("{{v}}").Render(state, Now, TemplateEscaping.Header));
    }

    [Fact]
    public void Reports_its_variables_and_literal_prefix()
    {
        var t = Template.Parse("https://api.example.com/{{a}}/{{b}}");
        Assert.Equal(["a", "b"], t.Variables);
        Assert.Equal("https://api.example.com/", t.LiteralPrefix);
    }
}

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("$.a.b", "{\"a\":{\"b\":\"x\"}}", "x")]
    [InlineData("$.items[1].id", "{\"items\":[{\"id\":1},{\"id\":2}]}", "2")]
    [InlineData("$['odd key']", "{\"odd key\":true}", "true")]
    [InlineData("$.obj", "{\"obj\":{\"k\":[1]}}", "{\"k\":[1]}")]
    [InlineData("$.n", "{\"n\":null}", "")]
    public void Finds_values(string path, string json, string expected)
    {
        Assert.True(JsonPathExpression.Parse(path).TryEvaluate(json, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("$.missing", "{}")]
    [InlineData("$.a[3]", "{\"a\":[1]}")]
    [InlineData("$.a.b", "{\"a\":5}")]
    [InlineData("$.a", "not json")]
    public void Misses_are_not_found(string path, string json) =>
        Assert.False(JsonPathExpression.Parse(path).TryEvaluate(json, out _));

    [Theory]
    [InlineData("a.b")]
    [InlineData("$..a")]
    [InlineData("$.a[?(@.x)]")]
    [InlineData("$.a[*]")]
    [InlineData("$[")]
    public void Only_the_simple_form_parses(string path) => Assert.False(JsonPathExpression.TryParse(path, out _));
}

public sealed class PhoneAndCatalogTests
{
    [Theory]
    [InlineData("+33 (1) 23.45-67", true)]
    [InlineData("12", false)]
    [InlineData("+1234567890123456789012", false)]
    [InlineData("12a45", false)]
    public void Validates_numbers(string number, bool valid) => Assert.Equal(valid, PhoneNumbers.IsValid(number));

    [Theory]
    [InlineData("{number}", "+33 1 23", "+33123")]
    [InlineData("9{number}", "555-0100", "95550100")]
    [InlineData("00{e164}", "+33 1 23", "0033123")]
    public void Applies_dial_formats(string format, string number, string expected) => Assert.Equal(expected, PhoneNumbers.Format(format, number));

    [Fact]
    public void Catalog_builds_endpoints_and_media()
    {
        var catalog = new Callytics.Runtime.Catalog.FlowCatalog(
            new Dictionary<string, string> { ["welcome"] = "custom/welcome-en" },
            new Dictionary<string, string>(),
            new Dictionary<string, Callytics.Runtime.Catalog.Trunk> { ["main"] = new("00{e164}") },
            Callytics.Runtime.Catalog.FlowCatalog.DefaultEndpoints);
        Assert.Equal("PJSIP/0033123@main", catalog.EndpointFor(new DialTarget(DestinationType.Pstn, "+33 1 23", "main")));
        Assert.Equal("PJSIP/201", catalog.EndpointFor(new DialTarget(DestinationType.Extension, "201", null)));
        Assert.Equal("sound:custom/welcome-en", catalog.MediaFor(Prompt.Audio("welcome")));
        Assert.Equal("sound:beep", catalog.MediaFor(Prompt.Sound("beep")));
        Assert.StartsWith("sound:tts/", catalog.MediaFor(Prompt.Tts("hi", null)));
        Assert.NotEqual(catalog.MediaFor(Prompt.Tts("hi", "en-us")), catalog.MediaFor(Prompt.Tts("hi", "fr-fr")));
    }
}
