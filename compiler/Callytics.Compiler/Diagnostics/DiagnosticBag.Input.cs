using Callytics.Compiler.Syntax;
using D = Callytics.Compiler.Diagnostics.DiagnosticDescriptors;

namespace Callytics.Compiler.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>CFL0001.</summary>
    public void ReportInvalidJson(int offset, string pointer, string what) => Report(D.InvalidJson, offset, pointer, null, what);
    /// <summary>CFL0002.</summary>
    public void ReportInvalidUtf8(int charOffset, byte value, long byteOffset) => Report(D.InvalidUtf8, charOffset, "", null, value, byteOffset);
    /// <summary>CFL0003.</summary>
    public void ReportNestingTooDeep(int offset, string pointer, int limit) => Report(D.NestingTooDeep, offset, pointer, null, limit);
    /// <summary>CFL0004.</summary>
    public void ReportDuplicateKey(int keyOffset, string pointer, string key) => Report(D.DuplicateKey, keyOffset, pointer, null, key);
    /// <summary>CFL0005.</summary>
    public void ReportFileTooLarge(long size, long limit) => Report(D.FileTooLarge, 0, "", null, size, limit);
    /// <summary>CFL0006.</summary>
    public void ReportByteOrderMark() => Report(D.ByteOrderMark, 0, "", null);
    /// <summary>CFL0007.</summary>
    public void ReportStringTooLong(int offset, string pointer, int length, int limit) => Report(D.StringTooLong, offset, pointer, null, length, limit);
    /// <summary>CFL0008.</summary>
    public void ReportFileUnreadable(string reason) => Report(D.FileUnreadable, 0, "", null, reason);
}
