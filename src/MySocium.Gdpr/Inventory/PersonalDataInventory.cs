namespace MySocium.Gdpr;

/// <summary>
/// Everything the application stores about people, read from the EF Core model's annotations and the
/// library's own settings: what the privacy notice and the record of processing (GDPR Art. 30) say.
/// </summary>
/// <param name="SchemaVersion">The version of this shape; it changes only when a field's meaning changes.</param>
/// <param name="Subject">The data subject's entity, or <see langword="null"/> when none is known.</param>
/// <param name="Entities">Every entity with personal data.</param>
/// <param name="LibraryStores">What the library itself keeps about people.</param>
/// <param name="Cookies">The cookies the application declares, by consent category.</param>
public sealed record PersonalDataInventory(
    int SchemaVersion, string? Subject, IReadOnlyList<InventoryEntity> Entities, IReadOnlyList<InventoryStore> LibraryStores, IReadOnlyList<InventoryCookie> Cookies);

/// <summary>An entity with personal data.</summary>
/// <param name="Name">The entity's name.</param>
/// <param name="Tables">The tables its rows are in.</param>
/// <param name="Erasure">What erasing its subject does to its rows: <c>deleted</c>, <c>retained: reason</c>, <c>detached</c>, or <c>not linked to a subject</c>.</param>
/// <param name="Retention">When its rows shrink and go (<c>[Retention]</c>), or <see langword="null"/> when they are kept until erasure.</param>
/// <param name="Properties">Its personal-data properties; an owned or complex type's as <c>Owner.Property</c>.</param>
public sealed record InventoryEntity(string Name, IReadOnlyList<string> Tables, string Erasure, string? Retention, IReadOnlyList<InventoryProperty> Properties);

/// <summary>One personal-data property.</summary>
/// <param name="Name">The property, with its owned or complex type's path.</param>
/// <param name="Type">Its CLR type's name.</param>
/// <param name="Encrypted">Whether its values are encrypted at rest.</param>
/// <param name="Searchable">Whether a blind index makes equality lookups work on it.</param>
/// <param name="Purpose">Why it is collected, or <see langword="null"/> when no one said.</param>
/// <param name="LegalBasis">The lawful basis of processing.</param>
/// <param name="Category">What kind of data it is.</param>
/// <param name="Recipients">Who else receives it.</param>
public sealed record InventoryProperty(
    string Name, string Type, bool Encrypted, bool Searchable, string? Purpose, LegalBasis LegalBasis, PersonalDataCategory Category, IReadOnlyList<string> Recipients);

/// <summary>Something the library keeps about people in the host's database.</summary>
/// <param name="Name">What it is.</param>
/// <param name="Table">Its table.</param>
/// <param name="Holds">What a row holds about a person.</param>
/// <param name="Purpose">Why it is kept.</param>
public sealed record InventoryStore(string Name, string Table, string Holds, string Purpose);

/// <summary>A cookie the application sets.</summary>
/// <param name="Name">Its name, or a prefix ending with <c>*</c>.</param>
/// <param name="Category">Its consent category.</param>
/// <param name="Purpose">Why it is set.</param>
public sealed record InventoryCookie(string Name, string Category, string? Purpose);
