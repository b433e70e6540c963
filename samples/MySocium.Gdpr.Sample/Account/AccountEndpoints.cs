using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Sample.Api;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>
/// The account API under <c>/api/account</c>: register, log in and out, profile, password, export, delete.
/// </summary>
/// <remarks>
/// No antiforgery token: every state-changing request a browser marks as cross-site is refused
/// (<c>RequireSameOrigin</c>), the session cookie is <c>SameSite=Strict</c>, so a cross-site request does
/// not carry it, and every body is JSON, which a cross-site form cannot send (minimal APIs answer
/// other content types with 415) and a cross-site script can send only after a CORS preflight the
/// app never grants.
/// </remarks>
public static class AccountEndpoints
{
    /// <summary>Maps the account endpoints.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The same endpoints.</returns>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup(ApiPaths.Prefix + "/account").RequireSameOrigin();
        account.MapPost("/register", RegisterAsync);
        account.MapPost("/login", LogInAsync);
        account.MapPost("/logout", LogOutAsync);
        account.MapGet("/me", GetProfileAsync).RequireAuthorization();
        account.MapPost("/password", ChangePasswordAsync).RequireAuthorization();
        account.MapGet("/export", Export).RequireAuthorization();
        account.MapDelete("", DeleteAsync).RequireAuthorization();
        return endpoints;
    }

    // An address that has an account gets the same 201 as a new one, so registration tells no one
    // which addresses have accounts; its owner is mailed instead. A taken user name still answers 409:
    // user names are shown to others, and one cannot be chosen without knowing it is free.
    private static async Task<Results<Created<ProfileResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        [FromBody] RegisterRequest request,
        HttpContext httpContext,
        AppDbContext db,
        AccountPasswords passwords,
        TimeProvider timeProvider,
        AccountLog log,
        CancellationToken cancellationToken)
    {
        if (!AccountValidation.TryCreateUser(request, out var user, out var errors))
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        var now = timeProvider.GetUtcNow();
        user.Id = Guid.CreateVersion7(now);
        user.CreatedAt = now.UtcDateTime;
        user.SecurityStamp = AppUser.NewSecurityStamp();

        // Hashed whether or not the account is made, so the answer takes as long either way.
        passwords.SetPassword(user, request.Password!);
        var taken = await FindTakenAsync(db, user, cancellationToken);
        if (taken is Taken.None)
        {
            db.Users.Add(user);

            // Queued in the same transaction as the account: the account and its notice commit together or not at all.
            httpContext.QueueAccountActivity(db, GdprAccountActivityKind.AccountCreated, user.Email, user.DisplayName, user.Id);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                log.Registered(user.Id);
                return Created(user);
            }
            catch (DbUpdateException)
            {
                // Another registration took the name or address between the check and the insert.
                db.ChangeTracker.Clear();
                taken = await FindTakenAsync(db, user, cancellationToken);
                if (taken is Taken.None)
                {
                    throw;
                }
            }
        }

        if (taken is Taken.UserName)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["userName"] = ["This user name is taken; choose another."] })
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The user name is taken.",
            });
        }

        db.ChangeTracker.Clear();
        httpContext.QueueAccountActivity(db, GdprAccountActivityKind.RegistrationAttempted, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        log.RegistrationForKnownAddress();
        return Created(user);
    }

    private static Created<ProfileResponse> Created(AppUser user) => TypedResults.Created((string?)null, ProfileResponse.From(user));

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> LogInAsync(
        [FromBody] LoginRequest request,
        HttpContext httpContext,
        AppDbContext db,
        AccountPasswords passwords,
        AccountLog log,
        CancellationToken cancellationToken)
    {
        var errors = AccountValidation.Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        var user = await FindByLoginAsync(db, request.Login!, cancellationToken);
        if (user is null)
        {
            passwords.CheckDecoy(request.Password!);
        }

        if (user is null || !passwords.Check(user, request.Password!))
        {
            log.LoginFailed();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Login failed",
                detail: "The user name, email address or password is wrong.");
        }

        var login = httpContext.CaptureLoginEvent();
        db.LoginEvents.Add(new LoginEvent
        {
            UserId = user.Id,
            OccurredAt = login.OccurredAt.UtcDateTime,
            IpAddress = login.IpAddress?.ToString(),
            UserAgentHash = login.UserAgentHash,
        });
        await db.SaveChangesAsync(cancellationToken);
        await AccountClaims.SignInAsync(httpContext, user);
        log.LoggedIn(user.Id);
        return TypedResults.Ok(ProfileResponse.From(user));
    }

    private static async Task<NoContent> LogOutAsync(HttpContext httpContext, AccountLog log)
    {
        if (AccountClaims.TryGetUserId(httpContext.User, out var userId))
        {
            log.LoggedOut(userId);
        }

        // The whole session goes, not only this browser's cookie: a copy of the cookie stops working too.
        await httpContext.WipeSessionAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProfileResponse>, UnauthorizedHttpResult>> GetProfileAsync(
        ClaimsPrincipal principal,
        AppDbContext db,
        CancellationToken cancellationToken)
    {
        var userId = AccountClaims.GetUserId(principal);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(ProfileResponse.From(user));
    }

    private static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePasswordAsync(
        [FromBody] ChangePasswordRequest request,
        HttpContext httpContext,
        AppDbContext db,
        AccountPasswords passwords,
        AccountLog log,
        CancellationToken cancellationToken)
    {
        var errors = AccountValidation.Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        var userId = AccountClaims.GetUserId(httpContext.User);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        if (!passwords.Check(user, request.CurrentPassword!))
        {
            log.WrongPassword(user.Id, "change the password");
            return WrongPassword("currentPassword");
        }

        passwords.SetPassword(user, request.NewPassword!);
        user.SecurityStamp = AppUser.NewSecurityStamp();
        await db.SaveChangesAsync(cancellationToken);

        // The other sessions end with the old stamp. This one continues under a new key (a sign-out then a
        // sign-in in one request), so a copy of its cookie taken before the change stops working too.
        await httpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await AccountClaims.SignInAsync(httpContext, user);
        log.PasswordChanged(user.Id);
        await httpContext.NotifyAccountActivityAsync(GdprAccountActivityKind.PasswordChanged, user.Email, user.DisplayName, user.Id);
        return TypedResults.NoContent();
    }

    // The library's exporter writes the subject's rows to the response as it reads them, so a large
    // account never sits in memory. A session whose account is gone never gets here: the cookie check rejects it.
    private static PushStreamHttpResult Export(
        HttpContext httpContext,
        IPersonalDataExporter exporter,
        TimeProvider timeProvider,
        AccountLog log)
    {
        var userId = AccountClaims.GetUserId(httpContext.User);
        var fileName = string.Create(
            CultureInfo.InvariantCulture, $"{AccountClaims.GetUserName(httpContext.User)}-data-{timeProvider.GetUtcNow():yyyy-MM-dd}.json");

        // Personal data: no browser or proxy keeps a copy.
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            async body =>
            {
                await exporter.ExportAsync(userId, body, httpContext.RequestAborted);
                log.Exported(userId);
            },
            "application/json",
            fileName);
    }

    private static async Task<Results<Ok<ErasureReceipt>, ValidationProblem, UnauthorizedHttpResult>> DeleteAsync(
        [FromBody] DeleteAccountRequest request,
        HttpContext httpContext,
        AppDbContext db,
        AccountPasswords passwords,
        IPersonalDataEraser eraser,
        AccountLog log,
        CancellationToken cancellationToken)
    {
        var errors = AccountValidation.Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        var userId = AccountClaims.GetUserId(httpContext.User);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        if (!passwords.Check(user, request.Password!))
        {
            log.WrongPassword(user.Id, "delete the account");
            return WrongPassword("password");
        }

        var receipt = await eraser.EraseAsync(user.Id, cancellationToken);
        await httpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        log.Erased(user.Id, receipt.Steps.Sum(s => s.Rows));
        return TypedResults.Ok(receipt);
    }

    private static async Task<Taken> FindTakenAsync(AppDbContext db, AppUser user, CancellationToken cancellationToken)
        => await db.Users.AnyAsync(u => u.UserName == user.UserName, cancellationToken) ? Taken.UserName
            : await db.Users.AnyAsync(u => u.Email == user.Email, cancellationToken) ? Taken.Email
            : Taken.None;

    // A wrong confirmation password is a bad field, not a failed authentication: the session is fine,
    // so 400 names the field, and a client does not mistake it for a 401 that means "log in again".
    private static ValidationProblem WrongPassword(string field)
        => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["The password is wrong."] });

    private static Task<AppUser?> FindByLoginAsync(AppDbContext db, string login, CancellationToken cancellationToken)
    {
        if (AccountValidation.IsEmailLogin(login))
        {
            var email = AccountValidation.NormalizeEmail(login);
            return db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        }

        var userName = AccountValidation.NormalizeUserName(login);
        return db.Users.SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken);
    }

    private enum Taken
    {
        None,
        UserName,
        Email,
    }
}
