using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Export;

/// <summary>
/// One entity of an export: the query for the subject's rows, how each row is written, and how the
/// manifest describes it. A row is read as the entity (EF decrypts its values and includes its owned
/// types) plus the values of its shadow properties, which the entity object does not carry.
/// </summary>
internal sealed class ExportEntity : IExportSection
{
    private static readonly MethodInfo SelectMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    private readonly List<ShadowRead> _shadows = [];
    private readonly Dictionary<Type, ExportShape> _shapes = [];
    private readonly List<ExportDescription> _properties;
    private readonly List<string> _types;

    private readonly IEntityType _entityType;
    private readonly string _path;
    private readonly Func<DbContext, object, IQueryable> _rows;
    private readonly string? _retainedBecause;

    /// <param name="entityType">The entity, the base of its hierarchy.</param>
    /// <param name="name">Its key in the export's <c>data</c>.</param>
    /// <param name="path">How its rows are the subject's, as the erasure plan tells it.</param>
    /// <param name="rows">The subject's rows, by the erasure plan's query.</param>
    /// <param name="retainedBecause">Why erasure keeps the rows (anonymized), for rows that are not deleted.</param>
    public ExportEntity(IEntityType entityType, string name, string path, Func<DbContext, object, IQueryable> rows, string? retainedBecause = null)
    {
        _entityType = entityType;
        _path = path;
        _rows = rows;
        _retainedBecause = retainedBecause;
        Name = name;
        var concrete = entityType.GetDerivedTypesInclusive().Where(t => !t.IsAbstract()).ToList();
        IsHierarchy = entityType.GetDerivedTypes().Any();
        foreach (var type in concrete)
        {
            _shapes[type.ClrType] = Shape(type, type.GetProperties(), OwnedNavigations(type.GetNavigations()), type.GetComplexProperties(), [], inCollection: false);
        }

        _types = concrete.Select(ExportLayout.NameOf).ToList();
        _properties = Describe(
            entityType.GetProperties().Concat(entityType.GetDerivedProperties()),
            OwnedNavigations(entityType.GetNavigations().Concat(entityType.GetDerivedNavigations())),
            entityType.GetComplexProperties().Concat(entityType.GetDerivedComplexProperties()),
            inCollection: false);
    }

    public string Name { get; }

    /// <summary>Gets whether rows can be of several entity types, so each row names its own.</summary>
    public bool IsHierarchy { get; }

    public IAsyncEnumerable<object?[]> Rows(DbContext db, object subjectId)
    {
        var rows = _rows(db, subjectId);
        var d = Expression.Parameter(rows.ElementType, "d");
        var values = _shadows.Select(s => Read(d, s)).Prepend(Expression.Convert(d, typeof(object)));
        var projection = Expression.Lambda(Expression.NewArrayInit(typeof(object), values), d);
        var query = rows.Provider.CreateQuery<object?[]>(
            Expression.Call(SelectMethod.MakeGenericMethod(d.Type, typeof(object[])), rows.Expression, Expression.Quote(projection)));
        return query.AsNoTracking().AsAsyncEnumerable();
    }

    public void WriteRow(Utf8JsonWriter json, object?[] row)
    {
        var entity = row[0]!;
        var shape = ShapeOf(entity.GetType());
        json.WriteStartObject();
        if (IsHierarchy)
        {
            json.WriteString("$type", shape.TypeName);
        }

        shape.WriteMembers(json, entity, row);
        json.WriteEndObject();
    }

    public void WriteManifest(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteStartArray("tables");
        foreach (var table in _entityType.GetDerivedTypesInclusive().SelectMany(t => t.GetTableMappings()).Select(m => m.Table.SchemaQualifiedName).Distinct())
        {
            json.WriteStringValue(table);
        }

        json.WriteEndArray();
        json.WriteString("path", _path);
        if (_retainedBecause is not null)
        {
            json.WriteString("retained", _retainedBecause);
        }

        if (IsHierarchy)
        {
            json.WriteStartArray("types");
            foreach (var type in _types)
            {
                json.WriteStringValue(type);
            }

            json.WriteEndArray();
        }

        ExportDescription.WriteAll(json, _properties);
        json.WriteEndObject();
    }

    /// <summary>The shape of a row's CLR type, or of its nearest mapped base type (a proxy's).</summary>
    private ExportShape ShapeOf(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (_shapes.TryGetValue(current, out var shape))
            {
                return shape;
            }
        }

        throw new InvalidOperationException($"A row of {_entityType.DisplayName()} has the type {type.Name}, which the model does not map.");
    }

    private ExportShape Shape(
        ITypeBase type, IEnumerable<IProperty> properties, IEnumerable<INavigation> owned, IEnumerable<IComplexProperty> complex, IReadOnlyList<INavigation> path, bool inCollection)
    {
        var columns = properties
            .Where(p => IsExported(p, inCollection))
            .Select(p => new ExportColumn(JsonEncodedText.Encode(p.Name), p.IsShadowProperty() ? null : p.GetGetter(), p.IsShadowProperty() ? ShadowIndex(p, path) : -1))
            .ToList();
        var nested = owned
            .Select(n => new ExportNested(
                JsonEncodedText.Encode(n.Name),
                n.GetGetter(),
                n.IsCollection,
                Shape(n.TargetEntityType, n.TargetEntityType.GetProperties(), OwnedNavigations(n.TargetEntityType.GetNavigations()), n.TargetEntityType.GetComplexProperties(), [.. path, n], inCollection || n.IsCollection)))
            .Concat(complex.Select(c => new ExportNested(
                JsonEncodedText.Encode(c.Name),
                c.GetGetter(),
                c.IsCollection,
                Shape(c.ComplexType, c.ComplexType.GetProperties(), [], c.ComplexType.GetComplexProperties(), path, inCollection || c.IsCollection))))
            .ToList();
        return new ExportShape(ExportLayout.NameOf(type), columns, nested);
    }

    private static List<ExportDescription> Describe(IEnumerable<IProperty> properties, IEnumerable<INavigation> owned, IEnumerable<IComplexProperty> complex, bool inCollection)
        => [
            .. properties.Where(p => IsExported(p, inCollection)).Select(p =>
            {
                var personalData = PersonalDataDescriptor.For(p);
                var encrypted = p.FindAnnotation(GdprAnnotationNames.Encrypted)?.Value is true;
                var type = ExportValues.TypeName(p.ClrType) + (p.IsNullable && !p.ClrType.IsValueType ? "?" : "");
                return new ExportDescription(p.Name, type, personalData is not null, encrypted, personalData?.Purpose, null);
            }),
            .. owned.Select(n => new ExportDescription(
                n.Name,
                ExportValues.TypeName(n.TargetEntityType.ClrType) + (n.IsCollection ? "[]" : ""),
                false,
                false,
                null,
                Describe(n.TargetEntityType.GetProperties(), OwnedNavigations(n.TargetEntityType.GetNavigations()), n.TargetEntityType.GetComplexProperties(), inCollection || n.IsCollection))),
            .. complex.Select(c => new ExportDescription(
                c.Name,
                ExportValues.TypeName(c.ComplexType.ClrType) + (c.IsCollection ? "[]" : ""),
                false,
                false,
                null,
                Describe(c.ComplexType.GetProperties(), [], c.ComplexType.GetComplexProperties(), inCollection || c.IsCollection))),
        ];

    private static IEnumerable<INavigation> OwnedNavigations(IEnumerable<INavigation> navigations)
        => navigations.Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent);

    /// <summary>
    /// Blind indexes are keyed hashes, not data; credentials are left out (<see cref="ExportExclusions"/>).
    /// An owned type's shadow key repeats its owner's key. Shadow values inside owned collections cannot
    /// be read alongside the row; in practice they are keys too.
    /// </summary>
    private static bool IsExported(IProperty property, bool inCollection)
        => property.FindAnnotation(GdprAnnotationNames.BlindIndexOf) is null
            && !ExportExclusions.IsExcluded(property)
            && !(property.IsShadowProperty()
                && (inCollection
                    || property.DeclaringType is not IEntityType declaring
                    || (declaring.IsOwned() && (property.IsPrimaryKey() || property.GetContainingForeignKeys().Any(fk => fk.IsOwnership)))));

    private int ShadowIndex(IProperty property, IReadOnlyList<INavigation> path)
    {
        var index = _shadows.FindIndex(s => s.Property == property);
        if (index < 0)
        {
            _shadows.Add(new ShadowRead(property, path));
            index = _shadows.Count - 1;
        }

        // The entity itself is the row's first value.
        return index + 1;
    }

    /// <summary><c>(object)(T?)EF.Property&lt;T&gt;(…EF.Property&lt;Owned&gt;((Derived)d, "Owned")…, "Name")</c>, null where a row has no such value.</summary>
    private static Expression Read(ParameterExpression d, ShadowRead shadow)
    {
        var owner = shadow.Path.Count > 0 ? shadow.Path[0].DeclaringEntityType : (IEntityType)shadow.Property.DeclaringType;
        Expression instance = owner.ClrType.IsAssignableFrom(d.Type) ? d : Expression.Convert(d, owner.ClrType);
        foreach (var navigation in shadow.Path)
        {
            instance = Expression.Call(PropertyMethod.MakeGenericMethod(navigation.ClrType), instance, Expression.Constant(navigation.Name));
        }

        Expression value = Expression.Call(PropertyMethod.MakeGenericMethod(shadow.Property.ClrType), instance, Expression.Constant(shadow.Property.Name));
        if (value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null)
        {
            value = Expression.Convert(value, typeof(Nullable<>).MakeGenericType(value.Type));
        }

        return Expression.Convert(value, typeof(object));
    }

    /// <summary>A shadow property read alongside the row, through the owned navigations that lead to it.</summary>
    private sealed record ShadowRead(IProperty Property, IReadOnlyList<INavigation> Path);
}
