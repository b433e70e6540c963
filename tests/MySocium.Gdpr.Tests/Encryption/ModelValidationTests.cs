using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class ModelValidationTests
{
    [Fact]
    public void Model_OwnedTypesUsedTwice_GetDistinctEncryptionContexts()
    {
        var model = BuildModel<OwnedContext>();

        var street = model.FindEntityType(typeof(Customer2))!.GetNavigations().Select(n => n.TargetEntityType.DisplayName());

        street.Should().BeEquivalentTo("Customer2.Home#Address", "Customer2.Work#Address");
    }

    [Fact]
    public void Model_EncryptedByteArrays_AreComparedByContent()
    {
        var model = BuildModel<EncryptedContext>();

        var comparer = model.GetEntityTypes().Single(e => e.FindProperty("Photo") is not null).FindProperty("Photo")!.GetValueComparer();

        comparer.Equals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }).Should().BeTrue("an edit in place must show as a change, and EF warns about array properties without such a comparer");
        comparer.Equals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }).Should().BeFalse();
    }

    [Fact]
    public void Model_TwoEntitiesWithTheSameShortName_AreRefused()
    {
        var build = () => BuildModel<CollidingContext>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*would share the encryption context 'Twin.Secret'*Rename one*");
    }

    [Fact]
    public void Model_IndexOnEncryptedNonSearchableProperty_IsRefused()
    {
        var build = () => BuildModel<IndexedContext>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*Note.Text is encrypted and has a database index*Searchable = true*");
    }

    [Fact]
    public void Model_EncryptedKey_IsRefused()
    {
        var build = () => BuildModel<EncryptedKeyContext>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*KeyedNote.Code*key, foreign key or concurrency token*");
    }

    [Fact]
    public void Model_UnsupportedType_IsRefusedNamingIt()
    {
        var build = () => BuildModel<UnsupportedContext>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*Odd.Coordinates*values of type Int128 cannot be encrypted*");
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IModel BuildModel<TContext>()
        where TContext : DbContext
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var services = new ServiceCollection();
        services.AddMySociumGdpr();
        services.AddDbContext<TContext>((sp, o) => o.UseSqlite(connection).UseMySociumGdpr(sp));
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TContext>().Model;
    }

    public sealed class Address
    {
        [PersonalData] public string Street { get; set; } = "";
    }

    public sealed class Customer2
    {
        public int Id { get; set; }

        public Address Home { get; set; } = new();

        public Address Work { get; set; } = new();
    }

    public sealed class OwnedContext(DbContextOptions<OwnedContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Customer2>(c =>
            {
                c.OwnsOne(x => x.Home);
                c.OwnsOne(x => x.Work);
            });
    }

    public sealed class CollidingContext(DbContextOptions<CollidingContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<First.Twin>().ToTable("FirstTwins");
            modelBuilder.Entity<Second.Twin>().ToTable("SecondTwins");
        }
    }

    public sealed class Note
    {
        public int Id { get; set; }

        [PersonalData] public string Text { get; set; } = "";
    }

    public sealed class IndexedContext(DbContextOptions<IndexedContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Note>().HasIndex(n => n.Text);
    }

    public sealed class KeyedNote
    {
        [System.ComponentModel.DataAnnotations.Key]
        [PersonalData] public string Code { get; set; } = "";
    }

    public sealed class EncryptedKeyContext(DbContextOptions<EncryptedKeyContext> options) : DbContext(options)
    {
        public DbSet<KeyedNote> Notes => Set<KeyedNote>();
    }

    public sealed class Odd
    {
        public int Id { get; set; }

        [PersonalData] public Int128 Coordinates { get; set; }
    }

    public sealed class UnsupportedContext(DbContextOptions<UnsupportedContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Odd>().Property(o => o.Coordinates);
    }
}
