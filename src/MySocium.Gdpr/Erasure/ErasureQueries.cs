using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Builds the set-based statements of an erasure plan: each entity's rows are selected by a
/// subquery over its parent's rows, down from the subject's row, so one statement covers a table
/// however many rows it holds; the steps EF cannot run that way load the same rows tracked. Query
/// filters are ignored, so soft-deleted rows go too.
/// </summary>
internal static class ErasureQueries
{
    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethods()
        .Single(m => m is { Name: nameof(DbContext.Set), IsGenericMethodDefinition: true } && m.GetParameters().Length == 0);

    private static readonly MethodInfo SharedSetMethod = typeof(DbContext).GetMethods()
        .Single(m => m is { Name: nameof(DbContext.Set), IsGenericMethodDefinition: true } && m.GetParameters().Length == 1);

    private static readonly MethodInfo IgnoreQueryFiltersMethod = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) && m.GetParameters().Length == 1);

    private static readonly MethodInfo WhereMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo AnyMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    private static readonly MethodInfo CountMethod = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.CountAsync) && m.GetParameters().Length == 2);

    private static readonly MethodInfo DeleteMethod = typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.ExecuteDeleteAsync))!;

    private static readonly MethodInfo UpdateMethod = typeof(ErasureQueries).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Single(m => m is { Name: nameof(UpdateAsync), IsGenericMethodDefinition: true });

    private static readonly MethodInfo LoadTrackedMethod = typeof(ErasureQueries).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Single(m => m is { Name: nameof(LoadTrackedAsync), IsGenericMethodDefinition: true });

    private static readonly MethodInfo SetValueMethod = typeof(ErasureQueries).GetMethod(nameof(SetValue), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo TagWithMethod = typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.TagWith))!;

    /// <summary>
    /// Tags the eraser's own statements. They compare keys only, but retaining a row sets its encrypted
    /// columns, which application queries may not do; the query interceptor lets these through.
    /// </summary>
    public const string Tag = "MySocium.Gdpr erasure";

    /// <summary>The rows of a plan entity (or of <paramref name="type"/>, one of its derived types): the subject's row, or rows referencing its parent's rows.</summary>
    public static IQueryable Rows(DbContext db, ErasureNode node, object subjectId, IEntityType? type = null)
    {
        type ??= node.EntityType;
        return node.Parent is null
            ? Where(db, type, d => Expression.Equal(
                Nullable(Property(d, type.FindPrimaryKey()!.Properties[0])),
                Nullable(SubjectId(subjectId))))
            : Referencing(db, type, node.Via!, node.Parent, subjectId);
    }

    /// <summary>The rows of <paramref name="entityType"/> whose <paramref name="foreignKey"/> points into <paramref name="principal"/>'s rows.</summary>
    public static IQueryable Referencing(DbContext db, IEntityType entityType, IForeignKey foreignKey, ErasureNode principal, object subjectId)
    {
        var principalRows = Rows(db, principal, subjectId);
        var p = Expression.Parameter(principalRows.ElementType, "p");
        return Where(db, entityType, d =>
        {
            var match = foreignKey.Properties
                .Zip(foreignKey.PrincipalKey.Properties, (dependent, key) => (Expression)Expression.Equal(Nullable(Property(d, dependent)), Nullable(Property(p, key))))
                .Aggregate(Expression.AndAlso);
            return Expression.Call(AnyMethod.MakeGenericMethod(p.Type), principalRows.Expression, Expression.Quote(Expression.Lambda(match, p)));
        });
    }

    public static Task<int> CountAsync(IQueryable rows, CancellationToken cancellationToken)
        => (Task<int>)CountMethod.MakeGenericMethod(rows.ElementType).Invoke(null, [rows, cancellationToken])!;

    public static Task<int> DeleteAsync(IQueryable rows, CancellationToken cancellationToken)
        => (Task<int>)DeleteMethod.MakeGenericMethod(rows.ElementType).Invoke(null, [rows, cancellationToken])!;

    /// <summary>
    /// Sets properties of the rows to fixed values (a foreign key to null, personal data to neutral values), in one statement.
    /// The properties are columns of one table; those of owned types and complex properties are reached through their path.
    /// </summary>
    public static Task<int> UpdateAsync(IQueryable rows, IReadOnlyList<ErasureValue> values, CancellationToken cancellationToken)
        => (Task<int>)UpdateMethod.MakeGenericMethod(rows.ElementType).Invoke(null, [rows, values, cancellationToken])!;

    /// <summary>Loads the rows tracked, for the steps EF cannot run as set-based statements.</summary>
    public static Task<List<object>> LoadTrackedAsync(IQueryable rows, CancellationToken cancellationToken)
        => (Task<List<object>>)LoadTrackedMethod.MakeGenericMethod(rows.ElementType).Invoke(null, [rows, cancellationToken])!;

    private static async Task<List<object>> LoadTrackedAsync<TEntity>(IQueryable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
        => [.. await rows.AsTracking().ToListAsync(cancellationToken)];

    private static Task<int> UpdateAsync<TEntity>(IQueryable<TEntity> rows, IReadOnlyList<ErasureValue> values, CancellationToken cancellationToken)
        where TEntity : class
        => rows.ExecuteUpdateAsync(
            setters =>
            {
                foreach (var value in values)
                {
                    var e = Expression.Parameter(typeof(TEntity), "e");
                    var member = value.Path.Aggregate((Expression)e, (instance, step) => Property(instance, step));
                    var selector = Expression.Lambda(Property(member, value.Property), e);
                    SetValueMethod.MakeGenericMethod(typeof(TEntity), value.Property.ClrType).Invoke(null, [setters, selector, value.Value]);
                }
            },
            cancellationToken);

    private static void SetValue<TEntity, TProperty>(UpdateSettersBuilder<TEntity> setters, LambdaExpression selector, object? value)
        where TEntity : class
        => setters.SetProperty((Expression<Func<TEntity, TProperty>>)selector, (TProperty)value!);

    private static IQueryable Where(DbContext db, IEntityType entityType, Func<ParameterExpression, Expression> predicate)
    {
        var set = Set(db, entityType);
        var d = Expression.Parameter(set.ElementType, "d");
        var where = Expression.Call(WhereMethod.MakeGenericMethod(d.Type), set.Expression, Expression.Quote(Expression.Lambda(predicate(d), d)));
        var tagged = Expression.Call(TagWithMethod.MakeGenericMethod(d.Type), where, Expression.Constant(Tag));
        return set.Provider.CreateQuery(tagged);
    }

    private static IQueryable Set(DbContext db, IEntityType entityType)
    {
        var set = entityType.HasSharedClrType
            ? SharedSetMethod.MakeGenericMethod(entityType.ClrType).Invoke(db, [entityType.Name])!
            : SetMethod.MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
        return (IQueryable)IgnoreQueryFiltersMethod.MakeGenericMethod(entityType.ClrType).Invoke(null, [set])!;
    }

    private static Expression Property(Expression instance, IReadOnlyPropertyBase property)
        => Expression.Call(PropertyMethod.MakeGenericMethod(property.ClrType), instance, Expression.Constant(property.Name));

    /// <summary>The subject's id as a captured value, so EF sends it as a parameter and caches one query for every subject.</summary>
    private static Expression SubjectId(object subjectId)
    {
        var box = (IStrongBox)Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(subjectId.GetType()), subjectId)!;
        return Expression.Field(Expression.Constant(box), nameof(StrongBox<int>.Value));
    }

    private static Expression Nullable(Expression expression)
        => expression.Type.IsValueType && System.Nullable.GetUnderlyingType(expression.Type) is null
            ? Expression.Convert(expression, typeof(Nullable<>).MakeGenericType(expression.Type))
            : expression;
}
