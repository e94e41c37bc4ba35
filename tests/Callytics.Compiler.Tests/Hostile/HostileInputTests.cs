using System.Text;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Tests.Support;
using static Callytics.Compiler.Tests.Hostile.WrongTypeEverywhereTests;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Hostile;

/// <summary>Input meant to break a parser: every case gets a located diagnostic and nothing throws.</summary>
public class HostileInputTests
{
    private const string Valid = """{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "hangup" }], "edges": [{ "source": "start", "target": "b" }] }""";

    public static TheoryData<string> BrokenJson() =>
    [
        "", " ", "\n\n", "{", "}", "[", "]", "{\"a\"", "{\"a\":", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,}", "[1,]", "[1 2]",
        "{'a': 1}", "{a: 1}", "{\"a\": tru}", "{\"a\": nul}", "{\"a\": falsey}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}",
        "{\"a\": -}", "{\"a\": 1e}", "{\"a\": 1e+}", "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": 0x10}", "{\"a\": \"unterminated}",
        "{\"a\": \"bad \\x escape\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\\u12G4\"}", "{\"a\": \"raw\ttab\"}", "{\"a\": \"raw\nnewline\"}",
        "{\"a\": \"\u0001\"}", "\"just a string\"", "42", "null", "true", "{}{}", "{} x", "{\"a\":1}}", "/* c */ {}", "{} // c",
        "\u0000", "{\"a\u0000\": 1}", "{\"a\": [1, [2, [3, ]]]}", "{\"a\": \"\\", "{\"a\": \"\\u", "{\"a\": \"\\uD800\\u\"}",
        "\u00A0{}", "{\u2028}", "\uFEFF{}", Valid[..^1], Valid[..(Valid.Length / 2)], Valid.Replace(":", "="), Valid.Replace("\"", "'"),
    ];

    [Theory]
    [MemberData(nameof(BrokenJson))]
    public void Broken_json_gets_a_located_error(string text)
    {
        var result = CheckAndFormat(text);
        AssertLocated(result, text);
        Assert.Contains(result.Diagnostics.Diagnostics, d => d.IsError);
    }

    public static TheoryData<byte[], int, int> BadUtf8() => new()
    {
        { [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0x80, 0x22, 0x7D], 1, 7 },             // lone continuation byte
        { [0x7B, 0x0A, 0x22, 0xC0, 0xAF, 0x22], 2, 2 },                               // overlong '/'
        { [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE2, 0x82], 1, 7 },                   // truncated at end of file
        { [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], 1, 3 },                         // UTF-8 encoded surrogate
        { [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], 1, 1 },                               // UTF-16 LE with BOM
        { [0x7B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x7D], 1, 3 },                   // above U+10FFFF
        { [0xEF, 0xBB, 0xBF, 0x0A, 0x0A, 0x20, 0xFE], 3, 2 },                         // BOM, then a bad byte
    };

    [Theory]
    [MemberData(nameof(BadUtf8))]
    public void Invalid_utf8_points_at_the_first_bad_byte(byte[] bytes, int line, int column)
    {
        var result = FlowChecker.CheckDocument(JsonLoader.Load("bad.flow.json", bytes));
        Assert.Null(result.Flow);
        var error = Assert.Single(result.Diagnostics.Diagnostics, d => d.Id == "CFL0002");
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Byte_order_mark_alone_and_before_garbage()
    {
        var bomOnly = FlowChecker.CheckDocument(JsonLoader.Load("bom", [0xEF, 0xBB, 0xBF]));
        AssertDiagnostics([Expect("CFL0006", 1, 1), Expect("CFL0001", 1, 1)], bomOnly.Diagnostics.Diagnostics, "BOM only");
        var twoBoms = FlowChecker.CheckDocument(JsonLoader.Load("bom", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D]));
        Assert.Contains(twoBoms.Diagnostics.Diagnostics, d => d.Id == "CFL0001" && d.Line == 1 && d.Column == 1);
    }

    [Theory]
    [InlineData("[", "]", 65)]              // level 65 starts at offset 64
    [InlineData("{\"a\":", "}", 321)]       // 64 openers of 5 characters come before it
    [InlineData("{\"x-a\":[", "]}", 257)]   // two levels per 8 characters: level 65 is the 33rd '{'
    public void Ten_thousand_levels_of_nesting_stop_at_level_65(string open, string close, int column)
    {
        var text = string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));
        var result = CheckAndFormat(text);
        AssertDiagnostics([Expect("CFL0003", 1, column)], result.Diagnostics.Diagnostics, open);
        Assert.Null(result.Flow);
    }

    [Fact]
    public void Fifty_megabyte_file_is_refused_with_a_located_error()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "huge.flow.json");
        using (var stream = File.Create(path))
        {
            var chunk = Encoding.UTF8.GetBytes("{\"x-pad\": \"" + new string('a', 1024 * 1024 - 14) + "\"},\n");
            stream.Write("["u8);
            for (var i = 0; i < 50; i++) stream.Write(chunk);
            stream.Write("{}]"u8);
        }
        Assert.True(new FileInfo(path).Length > 50L * 1024 * 1024 - 1024);
        var result = FlowChecker.CheckFile(path);
        AssertDiagnostics([Expect("CFL0005", 1, 1)], result.Diagnostics.Diagnostics, "50 MB");
        Assert.Contains("16,777,216", result.Diagnostics.Diagnostics[0].Message);

        // The same bytes handed over in memory (the admin API path) are refused the same way.
        var inMemory = FlowChecker.CheckDocument(JsonLoader.Load("body", File.ReadAllBytes(path)));
        AssertDiagnostics([Expect("CFL0005", 1, 1)], inMemory.Diagnostics.Diagnostics, "50 MB in memory");
    }

    [Fact]
    public void One_megabyte_string_is_reported_at_its_start()
    {
        var text = Valid.Replace("\"id\": \"t\"", "\"id\": \"t\", \"description\": \"" + new string('ü', 1024 * 1024) + "\"");
        var result = CheckAndFormat(text);
        var at = text.IndexOf("\"ü", StringComparison.Ordinal) + 1;
        AssertDiagnostics([Expect("CFL0007", 1, at)], result.Diagnostics.Diagnostics, "1 MB string");
        Assert.Contains("1,048,576", result.Diagnostics.Diagnostics[0].Message);
    }

    [Fact]
    public void One_megabyte_key_and_escapes_are_reported()
    {
        var key = "{ \"x-" + new string('k', 1024 * 1024) + "\": 1 }";
        Assert.Contains(CheckAndFormat(key).Diagnostics.Diagnostics, d => d.Id == "CFL0007" && d.Line == 1 && d.Column == 3);
        var escapes = "{ \"description\": \"" + string.Concat(Enumerable.Repeat("\\u0041", 70_000)) + "\" }";
        Assert.Contains(CheckAndFormat(escapes).Diagnostics.Diagnostics, d => d.Id == "CFL0007" && d.Column == 18);
    }

    [Fact]
    public void Duplicate_keys_at_every_level_are_each_reported_at_the_second_key() => Flow("""
        {
          "schemaVersion": 1,
          {|CFL0004:"schemaVersion"|}: 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start", {|CFL0004:"type"|}: "hangup" },
            { "id": "b", "type": "hangup", "config": { "prompt": { "sound": "a", {|CFL0004:"sound"|}: "b" } } }
          ],
          "edges": [{ "source": "start", "target": "b", {|CFL0004:"target"|}: "start" }],
          {|CFL0004:"edges"|}: []
        }
        """);

    public static TheoryData<string> OutOfRangeNumbers() =>
    [
        "1e400", "-1e400", "-1", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1.5", "1e-400",
        "100000000000000000000000000000000000000000", "0.0000001", "33", "2147483648",
    ];

    [Theory]
    [MemberData(nameof(OutOfRangeNumbers))]
    public void Numbers_out_of_range_are_reported_at_the_number(string number)
    {
        var text = $$"""
            {
              "schemaVersion": 1, "id": "t",
              "nodes": [
                { "id": "start", "type": "start" },
                { "id": "d", "type": "get_digits", "config": { "variable": "v", "max_digits": {|CFL1008:{{number}}|} } },
                { "id": "b", "type": "hangup" }
              ],
              "edges": [{ "source": "start", "target": "d" }, { "source": "d", "target": "b" }]
            }
            """;
        Flow(text);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1")]
    [InlineData("9223372036854775808")]
    [InlineData("1.5")]
    public void Schema_version_out_of_range(string number) =>
        Flow($$"""{ "schemaVersion": {|CFL1004:{{number}}|}, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "hangup" }], "edges": [{ "source": "start", "target": "b" }] }""");

    [Fact]
    public void Huge_layout_coordinates_are_numbers_and_fine() =>
        Clean("""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "hangup" }], "edges": [{ "source": "start", "target": "b" }], "layout": { "b": { "x": 1e400, "y": -1e-400 } } }""");

    [Fact]
    public void Wrong_types_in_the_document_skeleton_are_each_located()
    {
        foreach (var (key, value) in new[] { ("schemaVersion", "\"1\""), ("id", "7"), ("nodes", "{}"), ("edges", "\"x\""), ("layout", "[]"), ("name", "[]"), ("description", "{}"), ("$schema", "1") })
        {
            var markup = Valid.Replace("\"id\": \"t\",", "\"id\": \"t\", \"" + key + "\": {|CFL1001:" + value + "|},");
            var (text, expected) = Markup.Parse(markup);
            var result = CheckAndFormat(text);
            AssertLocated(result, text);
            Assert.Contains(result.Diagnostics.Diagnostics, d => d.Id == "CFL0004" || (d.Id == "CFL1001" && d.Line == expected[0].Line && d.Column == expected[0].Column));
        }
        foreach (var bad in new[] { "[1]", "[[]]", "[null]", "[\"start\"]" })
        {
            var nodes = CheckAndFormat(Valid.Replace("[{ \"id\": \"start\", \"type\": \"start\" }, { \"id\": \"b\", \"type\": \"hangup\" }]", bad));
            Assert.Contains(nodes.Diagnostics.Diagnostics, d => d.Id == "CFL1001");
            var edges = CheckAndFormat(Valid.Replace("[{ \"source\": \"start\", \"target\": \"b\" }]", bad));
            Assert.Contains(edges.Diagnostics.Diagnostics, d => d.Id == "CFL1001");
        }
    }
}
