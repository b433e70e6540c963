using System.Diagnostics.Metrics;

namespace MySocium.Gdpr.Retention;

/// <summary>The retention pruner's counters on the library's meter, tagged with the entity.</summary>
internal sealed class RetentionMetrics
{
    private readonly Counter<long> _anonymized;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _deleted;
    private readonly Histogram<double> _duration;

    public RetentionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GdprMeter.Name);
        _anonymized = meter.CreateCounter<long>("mysocium.gdpr.retention.anonymized", "{row}", "Rows whose IP addresses the retention pruner anonymized.");
        _malformed = meter.CreateCounter<long>("mysocium.gdpr.retention.malformed", "{value}", "Stored IP values that were not IP addresses, or damaged encrypted ones, and were set to null.");
        _deleted = meter.CreateCounter<long>("mysocium.gdpr.retention.deleted", "{row}", "Rows the retention pruner deleted.");
        _duration = meter.CreateHistogram<double>("mysocium.gdpr.retention.duration", "s", "How long a retention run took, when this instance held the lock.");
    }

    public void Anonymized(string entity, long rows, long malformed)
    {
        _anonymized.Add(rows, new KeyValuePair<string, object?>("entity", entity));
        _malformed.Add(malformed, new KeyValuePair<string, object?>("entity", entity));
    }

    public void Deleted(string entity, long rows) => _deleted.Add(rows, new KeyValuePair<string, object?>("entity", entity));

    public void Ran(TimeSpan duration) => _duration.Record(duration.TotalSeconds);
}
