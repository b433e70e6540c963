using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MySocium.Gdpr.Benchmarks.Retention;

/// <summary>Adds the peak-memory columns to a benchmark class's report.</summary>
public sealed class PeakMemoryConfig : ManualConfig
{
    public PeakMemoryConfig()
    {
        AddColumn(new PeakMemoryColumn(heap: true), new PeakMemoryColumn(heap: false));
    }
}

/// <summary>
/// The highest peak over a benchmark's iterations, of the managed heap or the working set above where it
/// stood when the iteration began. The benchmark process samples them and writes them to a file, which
/// this column (in the host process) reads.
/// </summary>
public sealed class PeakMemoryColumn(bool heap) : IColumn
{
    public string Id => heap ? "PeakHeap" : "PeakWorkingSet";

    public string ColumnName => heap ? "Peak heap" : "Peak working set";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => heap
        ? "Highest managed heap size during an iteration, above the size when it began"
        : "Highest working set (managed heap, SQLite page cache, code) during an iteration, above the size when it began";

    /// <summary>The file the benchmark process appends one line per iteration to: heap bytes, tab, working-set bytes.</summary>
    public static string FileOf(string benchmarkClass, string method) => Path.Combine(Path.GetTempPath(), $"mysocium-peak-{benchmarkClass}-{method}.tsv");

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var file = FileOf(benchmarkCase.Descriptor.Type.Name, benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (!File.Exists(file))
        {
            return "-";
        }

        var peak = File.ReadLines(file)
            .Select(line => line.Split('\t'))
            .Max(fields => long.Parse(fields[heap ? 0 : 1], CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"{peak / (1024.0 * 1024.0):0.0} MB");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
