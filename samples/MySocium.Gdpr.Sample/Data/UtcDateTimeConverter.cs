using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>
/// Marks every <see cref="DateTime"/> read back as UTC. The sample stores UTC only, but SQLite keeps
/// no kind, and an unmarked value would serialize without its 'Z'.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value,
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
