using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>business_hours: its own time zone, holidays, midnight-crossing ranges, daylight-saving changes.</summary>
public sealed class TimeScenarioTests
{
    private static string Hours(string timezone, string schedule, string holidays = "[]", bool holidayConnected = true)
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("hours", "business_hours", $$"""{ "timezone": "{{timezone}}", "schedule": {{schedule}}, "holidays": {{holidays}} }""")
            .Node("open", "hangup").Node("closed", "hangup")
            .Edge("start", "hours").Edge("hours", "open", "in_hours").Edge("hours", "closed", "out_of_hours");
        if (holidayConnected) flow.Node("holiday", "hangup").Edge("hours", "holiday", "holiday");
        return flow.ToString();
    }

    private static string At(string flow, string utc) =>
        Run(flow, at: DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).Call.State.Node;

    [Theory]
    [InlineData("2026-01-05T08:59:00Z", "closed")] // Monday 09:59 in Paris (UTC+1) -> before 10:00
    [InlineData("2026-01-05T09:00:00Z", "open")]   // 10:00 Paris
    [InlineData("2026-01-05T16:59:00Z", "open")]   // 17:59 Paris
    [InlineData("2026-01-05T17:00:00Z", "closed")] // 18:00 Paris: end is exclusive
    [InlineData("2026-01-06T10:00:00Z", "closed")] // Tuesday: no ranges
    public void Evaluates_in_the_nodes_time_zone(string utc, string expected) =>
        Assert.Equal(expected, At(Hours("Europe/Paris", """{ "monday": [{ "start": "10:00", "end": "18:00" }] }"""), utc));

    [Theory]
    [InlineData("2026-01-09T21:59:00Z", "closed")] // Friday 21:59 UTC (London = UTC in winter)
    [InlineData("2026-01-09T23:30:00Z", "open")]   // Friday 23:30
    [InlineData("2026-01-10T01:59:00Z", "open")]   // Saturday 01:59, from Friday's range
    [InlineData("2026-01-10T02:00:00Z", "closed")] // Saturday 02:00
    public void A_range_ending_before_its_start_crosses_midnight(string utc, string expected) =>
        Assert.Equal(expected, At(Hours("Europe/London", """{ "friday": [{ "start": "22:00", "end": "02:00" }] }"""), utc));

    [Fact]
    public void End_may_be_24_00()
    {
        var flow = Hours("UTC", """{ "monday": [{ "start": "20:00", "end": "24:00" }] }""");
        Assert.Equal("open", At(flow, "2026-01-05T23:59:00Z"));
        Assert.Equal("closed", At(flow, "2026-01-06T00:00:00Z"));
    }

    [Theory]
    // New York moves from UTC-5 to UTC-4 at 02:00 on Sunday 2026-03-08.
    [InlineData("2026-03-08T06:30:00Z", "open")]   // 01:30 EST, inside Saturday's 22:00-02:00
    [InlineData("2026-03-08T07:30:00Z", "closed")] // 03:30 EDT
    [InlineData("2026-03-09T13:00:00Z", "open")]   // Monday 09:00 EDT (would be 08:00 in EST)
    [InlineData("2026-03-09T12:59:00Z", "closed")] // Monday 08:59 EDT
    public void Wall_clock_times_hold_across_a_daylight_saving_change(string utc, string expected) =>
        Assert.Equal(expected, At(Hours("America/New_York", """{ "saturday": [{ "start": "22:00", "end": "02:00" }], "monday": [{ "start": "09:00", "end": "17:00" }] }"""), utc));

    [Fact]
    public void A_holiday_takes_the_holiday_output_all_day()
    {
        var flow = Hours("Europe/Paris", """{ "friday": [{ "start": "09:00", "end": "18:00" }] }""", """[{ "date": "2026-12-25", "name": "Christmas" }]""");
        Assert.Equal("holiday", At(flow, "2026-12-25T10:00:00Z"));
        Assert.Equal("open", At(flow, "2026-12-18T10:00:00Z"));
    }

    [Fact]
    public void A_holiday_without_holiday_output_goes_to_out_of_hours()
    {
        var flow = Hours("Europe/Paris", """{ "friday": [{ "start": "09:00", "end": "18:00" }] }""", """[{ "date": "2026-12-25", "name": "Christmas" }]""", holidayConnected: false);
        Assert.Equal("closed", At(flow, "2026-12-25T10:00:00Z"));
    }

    [Fact]
    public void A_holiday_with_ranges_is_open_only_in_them()
    {
        var flow = Hours("Europe/Paris", """{ "thursday": [{ "start": "09:00", "end": "18:00" }] }""", """[{ "date": "2026-12-24", "name": "Christmas Eve", "ranges": [{ "start": "09:00", "end": "12:00" }] }]""");
        Assert.Equal("open", At(flow, "2026-12-24T09:00:00Z"));    // 10:00 Paris
        Assert.Equal("holiday", At(flow, "2026-12-24T13:00:00Z")); // 14:00 Paris
    }

    [Fact]
    public void The_date_of_a_holiday_is_the_local_date()
    {
        // 23:30 UTC on the 24th is already the 25th in Paris.
        var flow = Hours("Europe/Paris", """{ "thursday": [{ "start": "00:00", "end": "24:00" }] }""", """[{ "date": "2026-12-25", "name": "Christmas" }]""");
        Assert.Equal("holiday", At(flow, "2026-12-24T23:30:00Z"));
    }
}
