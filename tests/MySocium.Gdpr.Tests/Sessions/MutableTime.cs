namespace MySocium.Gdpr.Tests.Sessions;

/// <summary>A clock the test moves by hand; timers still run on real time.</summary>
public sealed class MutableTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
