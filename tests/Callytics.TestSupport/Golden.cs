namespace Callytics.TestSupport;

/// <summary>
/// Golden files: the expected text is checked in; a test compares and fails with a diff hint.
/// Run the tests with CALLYTICS_APPROVE=1 to rewrite the files after an intended change,
/// then review the diff like source.
/// </summary>
public static class Golden
{
    /// <summary>True when the run should rewrite golden files.</summary>
    public static bool Approving => Environment.GetEnvironmentVariable("CALLYTICS_APPROVE") == "1";

    /// <summary>Compares <paramref name="actual"/> with the golden file, or rewrites it when approving.</summary>
    public static void Verify(string goldenPath, string actual)
    {
        if (Approving)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllText(goldenPath, actual);
            return;
        }
        if (!File.Exists(goldenPath))
            throw new Xunit.Sdk.XunitException($"No golden file {goldenPath}. Run the tests with CALLYTICS_APPROVE=1 to create it, then review it.");
        var expected = File.ReadAllText(goldenPath).Replace("\r\n", "\n");
        if (expected == actual) return;
        var lineNo = FirstDifference(expected.Split('\n'), actual.Split('\n'), out var expectedLine, out var actualLine);
        throw new Xunit.Sdk.XunitException(
            $"{goldenPath} differs at line {lineNo}:\n  expected: {expectedLine}\n  actual:   {actualLine}\nIf the change is intended, rerun with CALLYTICS_APPROVE=1 and review the diff.");
    }

    private static int FirstDifference(string[] a, string[] b, out string left, out string right)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            left = i < a.Length ? a[i] : "(end of file)";
            right = i < b.Length ? b[i] : "(end of file)";
            if (left != right) return i + 1;
        }
        left = right = "";
        return 0;
    }
}
