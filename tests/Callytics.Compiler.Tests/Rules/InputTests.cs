using System.Text;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Tests.Support;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>flow-language.md §3 "Input": not JSON, not UTF-8, nesting, duplicate keys, size (CFL0xxx).</summary>
public class InputTests
{
    private const string ValidFlow = """
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "bye" }]
        }
        """;

    [Fact]
    public void Valid_flow_has_no_diagnostic() => Clean(ValidFlow);

    [Fact]
    public void CFL0001_trailing_comma_points_at_the_closing_brace() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
        {|CFL0001:|}}
        """);

    [Fact]
    public void CFL0001_unterminated_document_points_at_the_end() => Flow("""{ "schemaVersion": 1, "id": "t"{|CFL0001:|}""");

    [Fact]
    public void CFL0001_empty_file() => Flow("", Expect("CFL0001", 1, 1));

    [Fact]
    public void CFL0001_single_quotes_are_not_json() => Flow("""{ {|CFL0001:|}'id': 't' }""");

    [Fact]
    public void CFL0001_text_after_the_document() => Flow(ValidFlow + "\n{|CFL0001:|}x");

    [Fact]
    public void CFL0001_comments_are_not_json() => Flow("""
        {
          {|CFL0001:|}// a comment
          "id": "t"
        }
        """);

    [Fact]
    public void CFL0002_invalid_utf8_points_at_the_bad_byte()
    {
        using var dir = new TempDir();
        var bytes = Encoding.UTF8.GetBytes("{\n  \"id\": \"caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\"\n}")).ToArray();
        var result = FlowChecker.CheckFile(dir.WriteBytes("latin1.flow.json", bytes));
        AssertDiagnostics([Expect("CFL0002", 2, 13)], result.Diagnostics.Diagnostics, "latin-1 é");
        Assert.Null(result.Flow);
    }

    [Fact]
    public void CFL0003_nesting_deeper_than_64_points_at_the_65th_level()
    {
        // The root object is level 1; 63 arrays make 64 levels, the 64th array is level 65.
        var ok = ValidFlow.TrimEnd()[..^1] + ", \"x-deep\": " + new string('[', 63) + new string(']', 63) + "\n}";
        Clean(ok);
        var deep = "{ \"x-deep\": " + new string('[', 63) + "{|CFL0003:|}[" + new string(']', 64) + " }";
        Flow(deep);
    }

    [Fact]
    public void CFL0004_duplicate_key_points_at_the_second_key() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          {|CFL0004:"id"|}: "u",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL0005_file_over_the_limit_is_refused_unread()
    {
        using var dir = new TempDir();
        var path = dir.Write("big.flow.json", ValidFlow);
        var result = FlowChecker.CheckFiles([path], null, new LoadLimits(MaxFileBytes: 64))[0];
        AssertDiagnostics([Expect("CFL0005", 1, 1)], result.Diagnostics.Diagnostics, path);
        var fits = FlowChecker.CheckFiles([path], null, new LoadLimits(MaxFileBytes: ValidFlow.Length))[0];
        AssertDiagnostics([], fits.Diagnostics.Diagnostics, path);
    }

    [Fact]
    public void CFL0006_byte_order_mark_is_a_warning_and_positions_stay_right()
    {
        using var dir = new TempDir();
        var text = ValidFlow.Replace("\"t\"", "\"T\"");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var result = FlowChecker.CheckFile(dir.WriteBytes("bom.flow.json", bytes));
        AssertDiagnostics([Expect("CFL0006", 1, 1), Expect("CFL1005", 3, 9)], result.Diagnostics.Diagnostics, "BOM");
    }

    [Fact]
    public void CFL0006_alone_does_not_fail_the_check()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(ValidFlow)).ToArray();
        var result = FlowChecker.CheckDocument(JsonLoader.Load("bom.flow.json", bytes));
        Assert.True(result.Succeeded);
        AssertDiagnostics([Expect("CFL0006", 1, 1)], result.Diagnostics.Diagnostics, "BOM");
    }

    [Fact]
    public void CFL0007_string_over_64_KiB_points_at_the_string() => Flow(
        "{\n  \"schemaVersion\": 1,\n  \"id\": \"t\",\n  \"description\": {|CFL0007:|}\"" + new string('a', 64 * 1024 + 1) + "\",\n" +
        "  \"nodes\": [{ \"id\": \"start\", \"type\": \"start\" }, { \"id\": \"bye\", \"type\": \"hangup\" }],\n" +
        "  \"edges\": [{ \"source\": \"start\", \"target\": \"bye\" }]\n}");

    [Fact]
    public void CFL0007_string_of_exactly_64_KiB_is_fine() => Clean(
        "{\n  \"schemaVersion\": 1,\n  \"id\": \"t\",\n  \"description\": \"" + new string('a', 64 * 1024) + "\",\n" +
        "  \"nodes\": [{ \"id\": \"start\", \"type\": \"start\" }, { \"id\": \"bye\", \"type\": \"hangup\" }],\n" +
        "  \"edges\": [{ \"source\": \"start\", \"target\": \"bye\" }]\n}");

    [Fact]
    public void CFL0008_missing_file()
    {
        using var dir = new TempDir();
        var result = FlowChecker.CheckFile(Path.Combine(dir.Path, "nope.flow.json"));
        AssertDiagnostics([Expect("CFL0008", 1, 1)], result.Diagnostics.Diagnostics, "missing file");
    }

    [Fact]
    public void CRLF_line_endings_give_the_same_positions_as_LF()
    {
        var lf = """
            {
              "schemaVersion": 1,
              "id": "t",
              "nodes": [
                { "id": "start", "type": "start" },
                { "id": "bye", "type": "hangup", "config": { "promt": {} } }
              ],
              "edges": [{ "source": "start", "target": "bye" }]
            }
            """.ReplaceLineEndings("\n");
        var fromLf = FlowChecker.CheckText("lf", lf).Diagnostics.Diagnostics.Single();
        var fromCrlf = FlowChecker.CheckText("crlf", lf.Replace("\n", "\r\n")).Diagnostics.Diagnostics.Single();
        Assert.Equal(("CFL1003", 6, 50), (fromLf.Id, fromLf.Line, fromLf.Column));
        Assert.Equal((fromLf.Id, fromLf.Line, fromLf.Column), (fromCrlf.Id, fromCrlf.Line, fromCrlf.Column));
    }
}
