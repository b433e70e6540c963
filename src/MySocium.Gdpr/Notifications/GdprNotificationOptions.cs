namespace MySocium.Gdpr.Notifications;

/// <summary>Settings of account-activity, policy-update and bulk mail, in the <c>Gdpr:Notifications</c> configuration section.</summary>
public sealed class GdprNotificationOptions
{
    /// <summary>
    /// Gets or sets the application's public address (such as <c>https://example.org</c>), from which
    /// the unsubscribe links of bulk mail are made. Bulk mail cannot be sent without it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the name the mail gives the application, as in "Your account at Example was created".</summary>
    /// <value>The default value is <c>our service</c>.</value>
    public string ServiceName { get; set; } = "our service";

    /// <summary>Gets or sets where account-activity mail sends someone who did not do what it reports (a password-reset page, say).</summary>
    /// <value>The default value is <see langword="null"/>: the mail says to reply instead.</value>
    public Uri? SecurityUrl { get; set; }

    /// <summary>Gets or sets where policy-update mail links to the privacy policy.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? PolicyUrl { get; set; }

    /// <summary>Gets or sets how often each instance looks for queued mail when nothing queued on it wakes it sooner.</summary>
    /// <value>The default value is 30 seconds. It must be between one second and one hour.</value>
    [SettingRange(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Gdpr:Notifications:PollInterval must be between one second and one hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many messages an instance takes from the outbox at a time.</summary>
    /// <value>The default value is 50. It must be between 1 and 1000.</value>
    [SettingRange(1, 1000, ErrorMessage = "Gdpr:Notifications:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 50;

    /// <summary>Gets or sets how long after a failed delivery the message is tried again; the delay doubles with each failure, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default value is 30 seconds. It must be between 100 milliseconds and one hour.</value>
    [SettingRange(typeof(TimeSpan), "00:00:00.1", "01:00:00", ErrorMessage = "Gdpr:Notifications:RetryDelay must be between 100 milliseconds and one hour.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait between two attempts. A message is never dropped: it is tried until the server takes it.</summary>
    /// <value>The default value is one hour. It must be between 100 milliseconds and one day, and not shorter than <see cref="RetryDelay"/>.</value>
    [SettingRange(typeof(TimeSpan), "00:00:00.1", "1.00:00:00", ErrorMessage = "Gdpr:Notifications:MaxRetryDelay must be between 100 milliseconds and one day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long an instance holds the messages it is sending; an instance that dies frees them after this.</summary>
    /// <value>The default value is five minutes. It must be between ten seconds and one hour.</value>
    [SettingRange(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Gdpr:Notifications:ClaimDuration must be between ten seconds and one hour.")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a sent message's row stays in the outbox (without address, subject or body,
    /// which go at sending) before the drainer deletes it.
    /// </summary>
    /// <value>The default value is 30 days. It must be between one hour and 3650 days.</value>
    [SettingRange(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Gdpr:Notifications:SentRetention must be between one hour and 3650 days.")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets how often each instance re-reads the published policy versions, so a version published on another instance takes effect here too.</summary>
    /// <value>The default value is one minute. It must be between one second and one hour.</value>
    [SettingRange(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Gdpr:Notifications:PolicyRefreshInterval must be between one second and one hour.")]
    public TimeSpan PolicyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many policy notices are queued per transaction.</summary>
    /// <value>The default value is 200. It must be between 1 and 10000.</value>
    [SettingRange(1, 10000, ErrorMessage = "Gdpr:Notifications:PolicyNoticeBatchSize must be between 1 and 10000.")]
    public int PolicyNoticeBatchSize { get; set; } = 200;

    /// <summary>Gets or sets how long an unsubscribe link works.</summary>
    /// <value>The default value is 365 days. It must be between 1 and 3650 days.</value>
    [SettingRange(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Gdpr:Notifications:UnsubscribeLinkLifetime must be between 1 and 3650 days.")]
    public TimeSpan UnsubscribeLinkLifetime { get; set; } = TimeSpan.FromDays(365);
}
