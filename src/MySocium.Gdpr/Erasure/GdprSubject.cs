namespace MySocium.Gdpr.Erasure;

/// <summary>The entity type whose rows are the data subjects (the app's user).</summary>
internal sealed record GdprSubject(Type ClrType);
