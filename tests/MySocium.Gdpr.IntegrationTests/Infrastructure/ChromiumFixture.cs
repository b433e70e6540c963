using Microsoft.Playwright;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, shared by the whole test assembly (an
/// assembly fixture). The browser starts on first use; each test takes a fresh, isolated
/// context from <see cref="NewContextAsync"/> and disposes it.
/// </summary>
public sealed class ChromiumFixture : IAsyncDisposable
{
    /// <summary>The browser the tests drive; Playwright's own browser download does not work here.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long a page action or assertion waits before failing.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly Lazy<Task<(IPlaywright Playwright, IBrowser Browser)>> _browser =
        new(LaunchAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Creates a fresh browser context (its own cookies and storage) whose relative URLs resolve
    /// against <paramref name="baseAddress"/> when given.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(Uri? baseAddress = null, BrowserNewContextOptions? options = null)
    {
        var (_, browser) = await _browser.Value;
        options ??= new BrowserNewContextOptions();
        if (baseAddress is not null)
        {
            options.BaseURL = baseAddress.ToString();
        }

        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)DefaultTimeout.TotalMilliseconds);
        return context;
    }

    /// <summary>Closes the browser and the Playwright driver, if they were started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_browser.IsValueCreated)
        {
            return;
        }

        try
        {
            var (playwright, browser) = await _browser.Value;
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        catch (InvalidOperationException)
        {
            // Launching failed; the tests that used the browser have reported why.
        }
    }

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ExecutablePath}; install the Debian package chromium (test.sh does this).");
        }

        IPlaywright playwright;
        try
        {
            playwright = await Playwright.CreateAsync();
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(
                "The Playwright driver did not start. It ships in the Microsoft.Playwright package and is copied to the test output's .playwright folder on build; rebuild the test project. " + e.Message,
                e);
        }

        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 30_000,
            });
            return (playwright, browser);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            throw new InvalidOperationException($"Playwright could not launch {ExecutablePath} headless: {e.Message}", e);
        }
    }
}
