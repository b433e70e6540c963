using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MySocium.Gdpr;
using MySocium.Gdpr.Sample.Account;
using MySocium.Gdpr.Sample.Analytics;
using MySocium.Gdpr.Sample.Api;
using MySocium.Gdpr.Sample.Data;
using MySocium.Gdpr.Sample.Mail;
using MySocium.Gdpr.Sample.Policy;
using MySocium.Gdpr.Sample.Posts;
using MySocium.Gdpr.Sample.Settings;

var builder = WebApplication.CreateBuilder(args);

// Settings are read from builder.Configuration when first used, after every source (and a test's overrides) is in.
builder.Services.AddDatabaseOptions(builder.Configuration);
builder.Services.AddDbContext<AppDbContext>((sp, options) => options.UseConfiguredDatabase(sp).UseMySociumGdpr(sp));
builder.Services.AddMySociumGdpr(builder.Configuration.GetSection("Gdpr"))
    .AddEntityFrameworkStores<AppDbContext>()
    .AddSubject<AppUser>()
    .AddMailDelivery(builder.Configuration);
builder.Services.AddSingleton<IPostConfigureOptions<GdprOptions>, DevelopmentRootKey>();
builder.Services.AddMailOptions(builder.Configuration);
builder.Services.AddForwardedHeadersOptions(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddPolicyPublishing(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddRazorPages();
builder.Services.Configure<RouteOptions>(options => options.LowercaseUrls = true);

// A malformed body is the client's mistake: answer 400 in every environment (Development would throw and log an error).
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);

var app = builder.Build();

// EnsureCreated rather than migrations: the sample targets two providers and its schema grows with
// every library feature during early development. A real host uses migrations; the library's
// entities join the host's model, so `dotnet ef migrations add` picks them up.
await app.Services.EnsureDatabaseCreatedAsync();

// First, so every later step (HTTPS policy, login events) sees the client's address and scheme, never a header from an unknown peer.
app.UseForwardedHeaders();

// Before everything that answers, so static files, redirects and error pages carry them too.
app.UseSecurityHeaders();

// Unhandled errors become a ProblemDetails 500 in every environment, so tests see what production sends.
app.UseExceptionHandler();

// API errors without a body (401, 404, 415, a malformed JSON body) get a ProblemDetails one; pages keep theirs.
app.UseWhen(context => context.Request.IsApiRequest(), api => api.UseStatusCodePages());
app.UseMySociumGdpr();
app.UseStaticFiles();
app.UseSampleAnalytics();
app.UseAuthentication();
app.UseAuthorization();

app.MapAccountEndpoints();
app.MapPostEndpoints();
app.MapPolicyEndpoints();
app.MapMySociumGdpr();
app.MapRazorPages();

await app.RunAsync();
