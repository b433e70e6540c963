using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.EntityFrameworkCore;

public sealed class UseMySociumGdprTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public UseMySociumGdprTests() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void UseMySociumGdpr_AppliesTheConventionAtModelFinalization()
    {
        using var provider = Services(withGdpr: true);
        using var scope = provider.CreateScope();

        var model = scope.ServiceProvider.GetRequiredService<ShopContext>().Model;

        model.FindAnnotation(GdprAnnotationNames.Enabled)?.Value.Should().Be(true);
    }

    [Fact]
    public void UseMySociumGdpr_WithoutAddMySociumGdpr_ThrowsNamingTheMissingCall()
    {
        using var provider = Services(withGdpr: false);
        using var scope = provider.CreateScope();

        var resolve = () => scope.ServiceProvider.GetRequiredService<ShopContext>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*AddMySociumGdpr()*");
    }

    [Fact]
    public void UseMySociumGdpr_ContextsOfOneApplication_ShareOneModel()
    {
        using var provider = Services(withGdpr: true);
        using var first = provider.CreateScope();
        using var second = provider.CreateScope();

        var firstModel = first.ServiceProvider.GetRequiredService<ShopContext>().Model;
        var secondModel = second.ServiceProvider.GetRequiredService<ShopContext>().Model;

        secondModel.Should().BeSameAs(firstModel);
    }

    [Fact]
    public void UseMySociumGdpr_TwoApplications_DoNotShareAModel()
    {
        using var firstProvider = Services(withGdpr: true);
        using var secondProvider = Services(withGdpr: true);
        using var first = firstProvider.CreateScope();
        using var second = secondProvider.CreateScope();

        var firstModel = first.ServiceProvider.GetRequiredService<ShopContext>().Model;
        var secondModel = second.ServiceProvider.GetRequiredService<ShopContext>().Model;

        secondModel.Should().NotBeSameAs(firstModel);
    }

    [Fact]
    public async Task UseMySociumGdpr_ContextStillReadsAndWrites()
    {
        using var provider = Services(withGdpr: true);
        using (var scope = provider.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ShopContext>();
            await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            context.Customers.Add(new Customer { Name = "Ada" });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using (var scope = provider.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ShopContext>();
            var names = await context.Customers.Select(c => c.Name).ToListAsync(TestContext.Current.CancellationToken);
            names.Should().Equal("Ada");
        }
    }

    [Fact]
    public void AddEntityFrameworkStores_SameContextTwice_ChangesNothing()
    {
        var builder = new ServiceCollection().AddMySociumGdpr();
        builder.AddEntityFrameworkStores<ShopContext>();
        var count = builder.Services.Count;

        builder.AddEntityFrameworkStores<ShopContext>();

        builder.Services.Count.Should().Be(count);
    }

    [Fact]
    public void AddEntityFrameworkStores_SecondContext_ThrowsNamingBoth()
    {
        var builder = new ServiceCollection().AddMySociumGdpr().AddEntityFrameworkStores<ShopContext>();

        var again = () => builder.AddEntityFrameworkStores<OtherContext>();

        again.Should().Throw<InvalidOperationException>().WithMessage("*ShopContext*OtherContext*");
    }

    private ServiceProvider Services(bool withGdpr)
    {
        var services = new ServiceCollection();
        if (withGdpr)
        {
            services.AddMySociumGdpr().AddEntityFrameworkStores<ShopContext>();
        }

        services.AddDbContext<ShopContext>((sp, o) => o.UseSqlite(_connection).UseMySociumGdpr(sp));
        return services.BuildServiceProvider(validateScopes: true);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
    {
        public DbSet<Customer> Customers => Set<Customer>();
    }

    public sealed class OtherContext(DbContextOptions<OtherContext> options) : DbContext(options);
}
