using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Tests.Export;

public class ExportExclusionTests
{
    [Theory]
    [InlineData(typeof(IdentityUser), nameof(IdentityUser.PasswordHash), true)]
    [InlineData(typeof(IdentityUser), nameof(IdentityUser.SecurityStamp), true)]
    [InlineData(typeof(IdentityUser), nameof(IdentityUser.ConcurrencyStamp), true)]
    [InlineData(typeof(IdentityUser), nameof(IdentityUser.Email), false)]
    [InlineData(typeof(IdentityUserToken<string>), nameof(IdentityUserToken<string>.Value), true)]
    [InlineData(typeof(IdentityUserToken<string>), nameof(IdentityUserToken<string>.Name), false)]
    [InlineData(typeof(Member), nameof(Member.RecoveryCodeHash), true)]
    [InlineData(typeof(Member), nameof(Member.Nickname), false)]
    public void IsExcluded_LeavesOutCredentialsOnly(Type entity, string property, bool excluded)
    {
        var model = new ModelBuilder(SqliteConventionSetBuilder.Build());
        model.Entity(entity);
        if (entity == typeof(IdentityUserToken<string>))
        {
            model.Entity<IdentityUserToken<string>>().HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
        }

        ExportExclusions.IsExcluded(model.Model.FindEntityType(entity)!.FindProperty(property)!).Should().Be(excluded);
    }

    private sealed class Member
    {
        public int Id { get; set; }

        public string Nickname { get; set; } = "";

        [ExcludeFromExport]
        public string RecoveryCodeHash { get; set; } = "";
    }
}
