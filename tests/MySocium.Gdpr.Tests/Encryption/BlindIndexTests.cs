using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class BlindIndexTests : IAsyncLifetime
{
    private EncryptedDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await EncryptedDatabase.CreateAsync();
        await _db.WithContextAsync(async db =>
        {
            db.Members.AddRange(
                new Member { UserName = "ada", Email = "Ada@Example.org", Phone = "+44 20 7946-0000", BirthDate = new DateOnly(1815, 12, 10), Bio = "Analyst", MembershipNumber = "ab-12-cd" },
                new Member { UserName = "grace", Email = "grace@example.org", Phone = null, BirthDate = new DateOnly(1906, 12, 9) });
            await db.SaveChangesAsync();
        });
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("  ADA@example.ORG ")]
    [InlineData("Ada@Example.org")]
    [InlineData("ada@example.org.")]
    public async Task Where_EqualityOnSearchableProperty_FindsTheNormalizedValue(string email)
    {
        var names = await Query(db => db.Members.Where(m => m.Email == email).Select(m => m.UserName).ToListAsync());

        names.Should().Equal("ada");
    }

    [Fact]
    public async Task FirstOrDefaultAsync_AnyAsync_CountAsync_WorkThroughTheIndex()
    {
        var email = "grace@example.org";

        var grace = await Query(db => db.Members.FirstOrDefaultAsync(m => m.Email == email));
        var any = await Query(db => db.Members.AnyAsync(m => m.Email == "nobody@example.org"));
        var others = await Query(db => db.Members.CountAsync(m => m.Email != email));
        var reversed = await Query(db => db.Members.SingleAsync(m => email == m.Email));

        grace!.UserName.Should().Be("grace");
        grace.Email.Should().Be("grace@example.org");
        any.Should().BeFalse();
        others.Should().Be(1);
        reversed.UserName.Should().Be("grace");
    }

    [Fact]
    public async Task Where_PhoneNormalization_IgnoresPunctuation()
    {
        var phone = "+442079460000";

        var name = await Query(db => db.Members.Where(m => m.Phone == phone).Select(m => m.UserName).SingleAsync());

        name.Should().Be("ada");
    }

    [Fact]
    public async Task Where_CustomNormalizer_AppliesToStoredAndLookedUpValues()
    {
        var name = await Query(db => db.Members.Where(m => m.MembershipNumber == "AB12-CD").Select(m => m.UserName).SingleAsync());

        name.Should().Be("ada");
    }

    [Fact]
    public async Task Where_SearchableNonString_ComparesCanonicalValues()
    {
        var birthDate = new DateOnly(1906, 12, 9);

        var name = await Query(db => db.Members.Where(m => m.BirthDate == birthDate).Select(m => m.UserName).SingleAsync());

        name.Should().Be("grace");
    }

    [Fact]
    public async Task Where_NullChecks_UseTheNullColumn()
    {
        string? none = null;

        var withoutPhone = await Query(db => db.Members.Where(m => m.Phone == null).Select(m => m.UserName).ToListAsync());
        var withPhone = await Query(db => db.Members.Where(m => m.Phone != null).Select(m => m.UserName).ToListAsync());
        var parameterNull = await Query(db => db.Members.Where(m => m.Phone == none).Select(m => m.UserName).ToListAsync());

        withoutPhone.Should().Equal("grace");
        withPhone.Should().Equal("ada");
        parameterNull.Should().Equal("grace");
    }

    [Fact]
    public async Task Update_MovesTheIndex()
    {
        await _db.WithContextAsync(async db =>
        {
            var ada = await db.Members.SingleAsync(m => m.UserName == "ada");
            ada.Email = "countess@example.org";
            await db.SaveChangesAsync();
        });

        (await Query(db => db.Members.AnyAsync(m => m.Email == "ada@example.org"))).Should().BeFalse();
        (await Query(db => db.Members.Where(m => m.Email == "Countess@example.org").Select(m => m.UserName).SingleAsync())).Should().Be("ada");
    }

    [Fact]
    public async Task Update_OfAnotherProperty_LeavesTheIndexAlone()
    {
        await _db.WithContextAsync(async db =>
        {
            var ada = await db.Members.SingleAsync(m => m.UserName == "ada");
            ada.Bio = "Poetical scientist";
            await db.SaveChangesAsync();
        });

        (await Query(db => db.Members.Where(m => m.Email == "ada@example.org").Select(m => m.Bio).SingleAsync())).Should().Be("Poetical scientist");
    }

    [Fact]
    public async Task Insert_DuplicateOfUniqueSearchableValue_IsRejectedByTheIndex()
    {
        var insert = () => _db.WithContextAsync(async db =>
        {
            db.Members.Add(new Member { UserName = "impostor", Email = " GRACE@example.org" });
            await db.SaveChangesAsync();
        });

        await insert.Should().ThrowAsync<DbUpdateException>();
    }

    [Fact]
    public async Task Model_MovesTheUniqueIndexToTheBlindIndexColumn()
    {
        var entity = await Query(db => Task.FromResult(db.Model.FindEntityType(typeof(Member))!));

        var index = entity.GetIndexes().Should().ContainSingle(i => i.Properties.Any(p => p.Name == "Email_BlindIndex")).Which;
        index.IsUnique.Should().BeTrue();
        index.Properties.Select(p => p.Name).Should().Equal("Email_BlindIndex");
        entity.FindProperty("Phone_BlindIndex")!.GetContainingIndexes().Should().ContainSingle().Which.IsUnique.Should().BeFalse();
    }

    [Fact]
    public async Task BlindIndexColumn_IsAKeyedHashNotTheValue()
    {
        var index = (byte[])(await _db.RawScalarAsync("SELECT Email_BlindIndex FROM Members WHERE UserName = 'ada'"))!;
        var ciphertext = (byte[])(await _db.RawScalarAsync("SELECT Email FROM Members WHERE UserName = 'ada'"))!;

        index.Should().HaveCount(32);
        index.Should().NotEqual(System.Security.Cryptography.SHA256.HashData("ada@example.org"u8));
        ciphertext.Length.Should().BeGreaterThan(index.Length);
    }

    [Fact]
    public async Task Projection_OfSearchableValues_Decrypts()
    {
        var rows = await Query(db => db.Members.OrderBy(m => m.UserName).Select(m => new { m.Email, m.Phone }).ToListAsync());

        rows.Select(r => r.Email).Should().Equal("Ada@Example.org", "grace@example.org");
    }

    [Fact]
    public async Task Projection_ThroughAMethodEfRunsInMemory_SeesTheDecryptedValue()
    {
        var rows = await Query(db => db.Members.OrderBy(m => m.UserName).Select(m => ValueTuple.Create(m.UserName, m.Email)).ToListAsync());

        rows.Should().Equal(("ada", "Ada@Example.org"), ("grace", "grace@example.org"));
    }

    public static TheoryData<string> RefusedQueries() =>
    [
        "equality without index", "OrderBy", "Contains", "StartsWith", "Length", "GroupBy", "Distinct", "comparison", "join", "ToUpper in projection",
        "Min", "equality between encrypted columns", "ExecuteUpdate", "string.Concat in projection",
    ];

    [Theory]
    [MemberData(nameof(RefusedQueries))]
    public async Task UnsupportedOperator_OnEncryptedProperty_ThrowsSayingWhy(string query)
    {
        var date = new DateOnly(1900, 1, 1);
        var run = () => Query<object>(async db => query switch
        {
            "equality without index" => await db.Members.Where(m => m.Bio == "Analyst").ToListAsync(),
            "OrderBy" => await db.Members.OrderBy(m => m.Email).ToListAsync(),
            "Contains" => await db.Members.Where(m => m.Email.Contains("ada")).ToListAsync(),
            "StartsWith" => await db.Members.Where(m => m.Email.StartsWith("ada")).ToListAsync(),
            "Length" => await db.Members.Where(m => m.Email.Length > 3).ToListAsync(),
            "GroupBy" => await db.Members.GroupBy(m => m.Phone).Select(g => g.Count()).ToListAsync(),
            "Distinct" => await db.Members.Select(m => m.Email).Distinct().ToListAsync(),
            "comparison" => await db.Members.Where(m => m.BirthDate > date).ToListAsync(),
            "join" => await db.Members.Join(db.Members, a => a.Email, b => b.Email, (a, b) => a.Id).ToListAsync(),
            "ToUpper in projection" => await db.Members.Select(m => m.Email.ToUpper()).ToListAsync(),
            "Min" => await db.Members.Select(m => m.Email).MinAsync(),
            "equality between encrypted columns" => await db.Members.Where(m => m.Email == m.Bio).ToListAsync(),
            "ExecuteUpdate" => await db.Members.ExecuteUpdateAsync(s => s.SetProperty(m => m.Email, "new@example.org")),
            "string.Concat in projection" => await db.Members.Select(m => string.Concat(m.Email, "!")).ToListAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        });

        var failure = (await run.Should().ThrowAsync<NotSupportedException>()).Which;
        failure.Message.Should().MatchRegex("Member\\.(Email|Phone|Bio|BirthDate) is encrypted");
    }

    private Task<T> Query<T>(Func<EncryptedContext, Task<T>> query) => _db.WithContextAsync(query);
}
