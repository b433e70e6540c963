using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;
using MySocium.Gdpr.Tests.Erasure;

namespace MySocium.Gdpr.Tests.Export;

public sealed class ExportTests : IAsyncLifetime
{
    private static IEnumerable<string?> Tables(JsonElement entity) => entity.GetProperty("tables").EnumerateArray().Select(t => t.GetString());

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);
    private ErasureDatabase _database = null!;

    private IPersonalDataExporter Exporter => _database.Services.GetRequiredService<IPersonalDataExporter>();

    public async ValueTask InitializeAsync() => _database = await ErasureDatabase.CreateAsync(new FixedTime(Now));

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Export_StartsWithAManifestDescribingEveryEntityAndProperty()
    {
        using var export = await ExportAsync(_database.Ada);

        var manifest = export.RootElement.GetProperty("manifest");
        manifest.GetProperty("schemaVersion").GetInt32().Should().Be(1);
        manifest.GetProperty("generatedAt").GetDateTimeOffset().Should().Be(Now);
        manifest.GetProperty("subject").GetString().Should().Be("Account");
        var entities = manifest.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        entities.Keys.Should().BeEquivalentTo("Account", "Post", "Comment", "PostTag", "Order", "Pet", "Device", "PaymentMethod", "Profile", "ProfileDetails", "Invoice", "Shipment", "Subscription", "ConsentRecords", "MailOptIns", "PolicyNotices");
        manifest.GetProperty("entities")[0].GetProperty("name").GetString().Should().Be("Account", "the subject comes first");
        entities["Comment"].GetProperty("path").GetString().Should().Be("Account <- Post.AuthorId <- Comment.PostId");
        Tables(entities["Comment"]).Should().Equal("Comments");

        var account = Properties(entities["Account"]);
        account["Name"].GetProperty("personalData").GetBoolean().Should().BeTrue();
        account["Name"].GetProperty("encrypted").GetBoolean().Should().BeTrue();
        account["Name"].GetProperty("type").GetString().Should().Be("String");
        account["InvitedById"].GetProperty("type").GetString().Should().Be("Guid?");
        account["InvitedById"].GetProperty("personalData").GetBoolean().Should().BeFalse();
        account.Keys.Should().NotContain("Name_BlindIndex", "a blind index is a keyed hash, not the subject's data");
        var home = Properties(account["Home"]);
        home.Keys.Should().BeEquivalentTo(["Street", Address.Country], "the owned type's key only repeats the account's");
        home["Street"].GetProperty("encrypted").GetBoolean().Should().BeTrue();

        var order = Properties(entities["Order"]);
        order["ShippingName"].GetProperty("purpose").GetString().Should().Be("Delivering the order");
        order["Total"].GetProperty("purpose").ValueKind.Should().Be(JsonValueKind.Null);
        order.Keys.Should().Contain("AccountId", "a shadow foreign key relates the rows");
        Properties(order["Parcel"]).Keys.Should().BeEquivalentTo("WeightGrams", "Carrier");

        entities["Pet"].GetProperty("types").EnumerateArray().Select(t => t.GetString()).Should().BeEquivalentTo("Dog", "Cat");
        Properties(entities["Pet"]).Keys.Should().Contain(["Name", "Kind", "Barks", Dog.Breed, "Lives"]);

        entities["Device"].GetProperty("types").EnumerateArray().Select(t => t.GetString()).Should().BeEquivalentTo("Phone", "Laptop");
        Properties(entities["Device"])["Number"].GetProperty("encrypted").GetBoolean().Should().BeTrue("a TPT derived type's personal data is described");
        entities["PaymentMethod"].GetProperty("types").EnumerateArray().Select(t => t.GetString()).Should().BeEquivalentTo("Card", "BankAccount");
        Properties(entities["PaymentMethod"]).Keys.Should().Contain(["Nickname", "Holder", "Last4", "Iban"]);
        Tables(entities["ProfileDetails"]).Should().ContainSingle().Which.Should().Be("Profiles", "both halves of a split table are exported");
        Tables(entities["Device"]).Should().BeEquivalentTo(["Devices", "Phones", "Laptops"], "a TPT hierarchy spans its tables");
        Tables(entities["PaymentMethod"]).Should().BeEquivalentTo(["Cards", "BankAccounts"], "a TPC hierarchy is its leaves' tables");
        entities["Invoice"].GetProperty("retained").GetString().Should().Be("Invoices are kept ten years (tax law)");
        entities["Account"].TryGetProperty("retained", out _).Should().BeFalse();
        entities["ProfileDetails"].GetProperty("path").GetString().Should().Be("Account <- Profile.AccountId <- ProfileDetails.Id");
    }

    [Fact]
    public async Task Export_ContainsEveryRowTheErasureDeletesOrAnonymizes_AndNoRowItOnlyDetaches()
    {
        var preview = await _database.Services.GetRequiredService<IPersonalDataEraser>().PreviewAsync(_database.Ada);

        using var export = await ExportAsync(_database.Ada);

        var removes = preview.Steps.Where(s => s.Action != ErasureAction.Detach).ToList();
        var entities = export.RootElement.GetProperty("manifest").GetProperty("entities").EnumerateArray()
            .Where(e => e.GetProperty("name").GetString() is not ("ConsentRecords" or "MailOptIns" or "PolicyNotices"))
            .ToList();
        entities.Should().HaveCount(removes.Count, "one section per entity deleted or retained, none for a reference only detached");
        foreach (var step in removes)
        {
            var entity = entities.Should().ContainSingle(e => e.GetProperty("path").GetString() == step.Path).Subject;
            Rows(export, entity.GetProperty("name").GetString()!).Should().HaveCount(step.Rows, $"erasure removes {step.Rows} rows of {step.Entity}");
        }

        removes.Where(s => s.Action == ErasureAction.Delete).Sum(s => s.Rows)
            .Should().Be(16, "1 account, 3 posts, 2 comments, 1 post tag, 1 order, 2 pets, 2 devices, 2 payment methods, a profile and its details");
        Rows(export, "Invoice").Should().ContainSingle().Which.GetProperty("BillingName").GetString().Should().Be("Ada Lovelace", "retained rows are exported before erasure anonymizes them");
        export.RootElement.GetRawText().Should().NotContain("grace's post", "a post Ada only last edited is Grace's");
    }

    [Fact]
    public async Task Export_HasEveryValueInTheClear()
    {
        using var export = await ExportAsync(_database.Ada);

        var account = Rows(export, "Account").Should().ContainSingle().Subject;
        account.GetProperty("Id").GetGuid().Should().Be(_database.Ada);
        account.GetProperty("Name").GetString().Should().Be("Ada", "encrypted values are decrypted");
        account.GetProperty("InvitedById").ValueKind.Should().Be(JsonValueKind.Null);
        account.TryGetProperty("Name_BlindIndex", out _).Should().BeFalse();
        var home = account.GetProperty("Home");
        home.GetProperty("Street").GetString().Should().Be("12 St James's Square");
        home.GetProperty(Address.Country).GetString().Should().Be("GB", "an owned type's shadow property is read alongside the row");
        home.TryGetProperty("AccountId", out _).Should().BeFalse();

        Rows(export, "Post").Select(p => (p.GetProperty("Text").GetString(), p.GetProperty("IsDeleted").GetBoolean()))
            .Should().BeEquivalentTo([("ada's post", false), ("ada's deleted post", true), ("ada's other post", false)], "query filters are ignored");
        Rows(export, "Comment").Select(c => c.GetProperty("Text").GetString()).Should().BeEquivalentTo("ada on ada", "grace on ada");
        Rows(export, "PostTag").Should().ContainSingle().Which.GetProperty("PostsId").GetInt32()
            .Should().Be(Rows(export, "Post").Single(p => p.GetProperty("Text").GetString() == "ada's post").GetProperty("Id").GetInt32());

        var order = Rows(export, "Order").Should().ContainSingle().Subject;
        order.GetProperty("ShippingName").GetString().Should().Be("Ada L.");
        order.GetProperty("AccountId").GetGuid().Should().Be(_database.Ada, "a shadow foreign key is exported");
        order.GetProperty("PlacedOn").GetString().Should().Be("1843-09-05");
        order.GetProperty("Total").GetDecimal().Should().Be(12.50m);
        order.GetProperty("Parcel").GetProperty("Carrier").GetString().Should().Be("Royal Mail", "a complex type's values are a nested object");
        order.GetProperty("Parcel").GetProperty("WeightGrams").GetInt32().Should().Be(1200);

        var pets = Rows(export, "Pet").ToDictionary(p => p.GetProperty("$type").GetString()!);
        pets["Dog"].GetProperty("Name").GetString().Should().Be("Ada's dog");
        pets["Dog"].GetProperty("Kind").GetString().Should().Be("dog");
        pets["Dog"].GetProperty("Barks").GetBoolean().Should().BeTrue();
        pets["Dog"].GetProperty(Dog.Breed).GetString().Should().Be("Pointer", "a derived type's shadow property is read alongside the row");
        pets["Dog"].TryGetProperty("Lives", out _).Should().BeFalse();
        pets["Cat"].GetProperty("Lives").GetInt32().Should().Be(7);
        pets["Cat"].TryGetProperty(Dog.Breed, out _).Should().BeFalse();

        var devices = Rows(export, "Device").ToDictionary(d => d.GetProperty("$type").GetString()!);
        devices["Phone"].GetProperty("Label").GetString().Should().Be("Ada's phone");
        devices["Phone"].GetProperty("Number").GetString().Should().Be("+44 20 7946 0099", "a TPT derived type's columns come from its own table, decrypted");
        devices["Laptop"].GetProperty("Hostname").GetString().Should().Be("analytical-engine");
        devices["Laptop"].GetProperty("OwnerId").GetGuid().Should().Be(_database.Ada);

        var payments = Rows(export, "PaymentMethod").ToDictionary(p => p.GetProperty("$type").GetString()!);
        payments["Card"].GetProperty("Nickname").GetString().Should().Be("Ada's card");
        payments["Card"].GetProperty("Holder").GetString().Should().Be("A. Lovelace", "a TPC leaf's personal data is decrypted");
        payments["Card"].GetProperty("Last4").GetString().Should().Be("1815");
        payments["BankAccount"].GetProperty("Iban").GetString().Should().Be("GB29 ADA0 1815 1210");

        var profile = Rows(export, "Profile").Should().ContainSingle().Subject;
        profile.GetProperty("Handle").GetString().Should().Be("@countess");
        var details = Rows(export, "ProfileDetails").Should().ContainSingle().Subject;
        details.GetProperty("Id").GetInt32().Should().Be(profile.GetProperty("Id").GetInt32(), "the two halves share a row");
        details.GetProperty("Bio").GetString().Should().Be("Poetical science");
        details.GetProperty("Website").GetString().Should().Be("ada.example");
    }

    [Fact]
    public async Task Export_ContainsNothingOfOtherPeopleOutsideTheSubjectsRows()
    {
        using var export = await ExportAsync(_database.Ada);

        var data = export.RootElement.GetProperty("data");
        data.EnumerateObject().Select(e => e.Name).Should().NotContain(["AuditEntry", "Tag"], "audit entries only point at the subject, and tags are shared");
        var strings = Strings(data).ToList();
        strings.Should().NotContain(["Grace", "1 Navy Yard", "US", "grace's post", "grace on grace", "Grace H.", "Grace's cat", "ada signed in", "science"]);
        strings.Should().NotContain(["Grace's phone", "+1 202 555 0199", "Grace's card", "G. Hopper", "@amazing-grace", "Compilers", "grace.example", "Arlington"]);
        strings.Should().NotContain(_database.Grace.ToString());
        strings.Should().Contain("grace on ada", "a comment on the subject's post goes with the post on erasure, so it is exported with it");
    }

    [Fact]
    public async Task Export_OfAnUnknownSubject_ListsEveryEntityWithNoRows()
    {
        using var export = await ExportAsync(Guid.NewGuid());

        var data = export.RootElement.GetProperty("data").EnumerateObject().ToList();
        data.Select(e => e.Name).Should().BeEquivalentTo(
            "Account", "Post", "Comment", "PostTag", "Order", "Pet", "Device", "PaymentMethod", "Profile", "ProfileDetails", "Invoice", "Shipment", "Subscription", "ConsentRecords", "MailOptIns", "PolicyNotices");
        data.Should().OnlyContain(e => e.Value.GetArrayLength() == 0);
        export.RootElement.GetProperty("manifest").GetProperty("entities").GetArrayLength().Should().Be(16);
    }

    [Fact]
    public async Task Export_WithASubjectIdOfTheWrongType_Throws()
    {
        var export = () => Exporter.ExportAsync(42, Stream.Null);

        (await export.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("Guid");
    }

    /// <summary>
    /// Memory stays flat when rows go to the destination while the database is still reading them, in
    /// chunks. Both are observed directly, so the test is deterministic: the destination records each
    /// write's size and whether a data reader was open at the time. An exporter that buffered the whole
    /// document, or read a table into a list before writing it, would write with no reader open; so would
    /// EF itself under a retrying execution strategy (it buffers each query's rows to be able to retry).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_OfManyRows_WritesThemInChunksWhileTheyAreRead(bool retryingExecutionStrategy)
    {
        const int Orders = 20_000;
        var readers = new OpenReaders();
        await using var database = await ErasureDatabase.CreateAsync(
            executionStrategy: retryingExecutionStrategy ? d => new RetryingStrategy(d) : null, interceptors: readers);
        await database.WithContextAsync(async db =>
        {
            var ada = await db.Accounts.SingleAsync(a => a.Id == database.Ada);
            ada.Orders.AddRange(Enumerable.Range(0, Orders).Select(i => new Order { ShippingName = $"Ada L. #{i}", PlacedOn = new DateOnly(1843, 9, 5), Total = i }));
            await db.SaveChangesAsync();
        });
        await using var destination = new RecordingStream(readers);

        await database.Services.GetRequiredService<IPersonalDataExporter>().ExportAsync(database.Ada, destination);

        destination.Length.Should().BeGreaterThan(1_000_000);
        destination.LargestWrite.Should().BeLessThanOrEqualTo(4 * PersonalDataExporter.ChunkSize, "the document is written in chunks, not as one buffer");
        destination.WrittenWhileReading.Should().BeGreaterThan(destination.Length * 9 / 10, "rows are written as they are read, not after a table or the whole export was buffered");
        using var export = JsonDocument.Parse(destination.ToArray());
        Rows(export, "Order").Should().HaveCount(Orders + 1);
    }

    private async Task<JsonDocument> ExportAsync(Guid subject)
    {
        using var destination = new MemoryStream();
        await Exporter.ExportAsync(subject, destination);
        return JsonDocument.Parse(destination.ToArray());
    }

    private static List<JsonElement> Rows(JsonDocument export, string entity)
        => [.. export.RootElement.GetProperty("data").GetProperty(entity).EnumerateArray()];

    private static Dictionary<string, JsonElement> Properties(JsonElement described)
        => described.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Retries like a cloud database's strategy would (it never needs to here).</summary>
    private sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1))
    {
        protected override bool ShouldRetryOn(Exception exception) => false;
    }

    /// <summary>
    /// Tracks the providers' data readers that are open, that is, still reading rows from the database.
    /// Under a retrying strategy EF reads a reader to its end and closes it before returning the first row.
    /// </summary>
    private sealed class OpenReaders : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<DbDataReader, bool> _readers = new();

        public bool Any => _readers.Keys.Any(r => !r.IsClosed);

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            _readers.TryAdd(result, true);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            _readers.TryAdd(result, true);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            _readers.TryRemove(eventData.DataReader, out _);
            return result;
        }
    }

    /// <summary>Keeps what is written, and records each write's size and whether a data reader was open meanwhile.</summary>
    private sealed class RecordingStream(OpenReaders readers) : Stream
    {
        private readonly MemoryStream _content = new();

        public long LargestWrite { get; private set; }

        public long WrittenWhileReading { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _content.Length;

        public override long Position
        {
            get => _content.Position;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _content.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            WrittenWhileReading += readers.Any ? buffer.Length : 0;
            _content.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _content.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
