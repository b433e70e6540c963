using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Rewrites <c>e.Prop == value</c> on a searchable encrypted property into a comparison of its
/// blind index, and throws <see cref="NotSupportedException"/> for any other use the database
/// would evaluate on ciphertext: ordering, grouping, joining, string and arithmetic operators,
/// comparisons, and equality on properties without a blind index. Encrypted values may still be
/// projected (<c>Select(u =&gt; u.Email)</c>) and tested for null.
/// </summary>
internal sealed class EncryptedQueryRewriter(IModel model) : ExpressionVisitor
{
    private static readonly ConditionalWeakTable<IModel, EncryptedMembers> MembersByModel = new();

    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>Operators that only shape or count the rows of a sequence of encrypted values.</summary>
    private static readonly HashSet<string> RowOperators =
    [
        nameof(Queryable.First), nameof(Queryable.FirstOrDefault), nameof(Queryable.Single), nameof(Queryable.SingleOrDefault),
        nameof(Queryable.Last), nameof(Queryable.LastOrDefault), nameof(Queryable.ElementAt), nameof(Queryable.ElementAtOrDefault),
        nameof(Queryable.Take), nameof(Queryable.Skip), nameof(Queryable.Count), nameof(Queryable.LongCount), nameof(Queryable.Any),
        nameof(EntityFrameworkQueryableExtensions.AsNoTracking), nameof(EntityFrameworkQueryableExtensions.AsTracking),
        nameof(EntityFrameworkQueryableExtensions.TagWith), nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters),
    ];

    /// <summary>Functions EF translates to SQL: on an encrypted value they would compute on ciphertext.</summary>
    private static readonly HashSet<Type> DatabaseFunctionTypes =
    [
        typeof(string), typeof(Math), typeof(MathF), typeof(Convert), typeof(DbFunctionsExtensions), typeof(object),
        typeof(RelationalDbFunctionsExtensions),
    ];

    private readonly EncryptedMembers _members = MembersByModel.GetValue(model, static m => new EncryptedMembers(m));
    private bool _inProjection;
    private string _operator = "a query";

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (IsQueryOperator(node.Method))
        {
            return VisitQueryOperator(node);
        }

        if (_members.Find(node) is { } access)
        {
            return VisitEncryptedValue(node, access);
        }

        foreach (var operand in node.Arguments.Prepend(node.Object))
        {
            if (_members.Find(Unwrap(operand)) is { } used && !RunsAfterDecryption(node, operand))
            {
                throw Refused(used, $"{node.Method.Name}()");
            }
        }

        // Lambdas of other methods (ExecuteUpdate's SetProperty) are named after them in refusals.
        var @operator = _operator;
        if (node.Arguments.Any(a => Unquote(a) is LambdaExpression))
        {
            _operator = $"{node.Method.Name}()";
        }

        var visited = base.VisitMethodCall(node);
        _operator = @operator;
        return visited;
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (_members.Find(node) is { } access)
        {
            return VisitEncryptedValue(node, access);
        }

        if (_members.Find(Unwrap(node.Expression)) is { } owner)
        {
            return node.Member.Name switch
            {
                nameof(Nullable<int>.HasValue) when Nullable.GetUnderlyingType(node.Expression!.Type) is not null => node,
                nameof(Nullable<int>.Value) when Nullable.GetUnderlyingType(node.Expression!.Type) is not null => VisitEncryptedValue(node, owner),
                _ => throw Refused(owner, $".{node.Member.Name}"),
            };
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        var left = _members.Find(Unwrap(node.Left));
        var right = _members.Find(Unwrap(node.Right));
        if (left is null && right is null)
        {
            return base.VisitBinary(node);
        }

        if (node.NodeType is not (ExpressionType.Equal or ExpressionType.NotEqual))
        {
            throw Refused((left ?? right)!, OperatorName(node.NodeType));
        }

        if (left is not null && right is not null)
        {
            throw Refused(left, "a comparison with another encrypted value");
        }

        return left is not null
            ? RewriteEquality(node, node.Left, left, node.Right, encryptedOnLeft: true)
            : RewriteEquality(node, node.Right, right!, node.Left, encryptedOnLeft: false);
    }

    private Expression RewriteEquality(BinaryExpression node, Expression encrypted, EncryptedAccess access, Expression other, bool encryptedOnLeft)
    {
        // Null stays NULL in the database, so a null test needs no index.
        if (Unwrap(other) is ConstantExpression { Value: null })
        {
            return node;
        }

        if (access.Property.FindAnnotation(GdprAnnotationNames.BlindIndex)?.Value is not string shadow)
        {
            throw new NotSupportedException(
                $"{access.Describe()} is encrypted without a blind index, so the database cannot compare it: every value is a different ciphertext. "
                + $"Mark it [PersonalData(Searchable = true)] to find rows by equality, or filter in memory after loading.");
        }

        var index = Expression.Call(PropertyMethod.MakeGenericMethod(access.Property.ClrType), access.Instance, Expression.Constant(shadow));
        var rewritten = new Replacer(access.Expression, index).Visit(encrypted)!;
        var visitedOther = Visit(other)!;
        return encryptedOnLeft
            ? node.Update(rewritten, node.Conversion, visitedOther)
            : node.Update(visitedOther, node.Conversion, rewritten);
    }

    /// <summary>
    /// Whether a call on an encrypted value in a projection runs in memory, on the decrypted value:
    /// EF evaluates there what it cannot translate (a tuple, the app's own method), but would send
    /// string, math and conversion functions to the database, which would compute on ciphertext.
    /// </summary>
    private bool RunsAfterDecryption(MethodCallExpression call, Expression? operand)
        => _inProjection
            && operand != call.Object
            && !DatabaseFunctionTypes.Contains(call.Method.DeclaringType!);

    private Expression VisitEncryptedValue(Expression node, EncryptedAccess access)
        => _inProjection ? node : throw Refused(access, _operator);

    private Expression VisitQueryOperator(MethodCallExpression node)
    {
        var parameters = node.Method.GetParameters();
        if (parameters.Length > 0 && !RowOperators.Contains(node.Method.Name) && SelectsEncryptedValue(node.Arguments[0]) is { } selected)
        {
            throw Refused(selected, $"{node.Method.Name}() over the selected values");
        }

        var arguments = new Expression[node.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = node.Arguments[i];
            if (Unquote(argument) is not LambdaExpression)
            {
                arguments[i] = Visit(argument);
                continue;
            }

            var (inProjection, @operator) = (_inProjection, _operator);
            _inProjection = parameters[i].Name is "selector" or "resultSelector" or "elementSelector" or "collectionSelector";
            _operator = $"{node.Method.Name}()";
            arguments[i] = Visit(argument);
            (_inProjection, _operator) = (inProjection, @operator);
        }

        return node.Update(Visit(node.Object), arguments);
    }

    /// <summary>The encrypted property a <c>Select(x =&gt; x.Prop)</c> source yields, if that is what it is.</summary>
    private EncryptedAccess? SelectsEncryptedValue(Expression source)
        => source is MethodCallExpression { Method.Name: nameof(Queryable.Select) } select
            && IsQueryOperator(select.Method)
            && Unquote(select.Arguments[^1]) is LambdaExpression selector
                ? _members.Find(Unwrap(selector.Body))
                : null;

    private static bool IsQueryOperator(MethodInfo method)
        => method.DeclaringType == typeof(Queryable) || method.DeclaringType == typeof(Enumerable)
            || method.DeclaringType == typeof(EntityFrameworkQueryableExtensions);

    private static Expression? Unquote(Expression expression)
        => expression is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : expression;

    private static Expression? Unwrap(Expression? expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } conversion)
        {
            expression = conversion.Operand;
        }

        return expression;
    }

    private static string OperatorName(ExpressionType type) => type switch
    {
        ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual => "an ordering comparison",
        ExpressionType.Coalesce => "??",
        _ => $"the {type} operator",
    };

    private static NotSupportedException Refused(EncryptedAccess access, string use) => new(
        $"{access.Describe()} is encrypted, so the database cannot evaluate {use} on it: it holds only ciphertext. "
        + "Only == and != against a value work, on [PersonalData(Searchable = true)] properties (through the blind index); "
        + "for anything else, load the rows and work on the decrypted values in memory (for example after AsEnumerable()).");

    private sealed class Replacer(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }

    private sealed record EncryptedAccess(Expression Expression, Expression Instance, IProperty Property)
    {
        public string Describe() => $"{Property.DeclaringType.DisplayName()}.{Property.Name}";
    }

    /// <summary>The model's encrypted properties, found by the CLR member or the name EF.Property uses.</summary>
    private sealed class EncryptedMembers
    {
        private readonly Dictionary<(Module Module, int Token), IProperty> _byMember = [];
        private readonly Dictionary<(Type Type, string Name), IProperty> _byName = [];

        public EncryptedMembers(IModel model)
        {
            foreach (var entityType in model.GetEntityTypes())
            {
                foreach (var property in entityType.GetProperties().Where(p => p.FindAnnotation(GdprAnnotationNames.Encrypted) is not null))
                {
                    _byName[(entityType.ClrType, property.Name)] = property;
                    if (((MemberInfo?)property.PropertyInfo ?? property.FieldInfo) is { } member)
                    {
                        _byMember[(member.Module, member.MetadataToken)] = property;
                    }
                }
            }
        }

        public EncryptedAccess? Find(Expression? expression) => expression switch
        {
            MemberExpression { Expression: { } instance } member
                when _byMember.TryGetValue((member.Member.Module, member.Member.MetadataToken), out var property)
                => new EncryptedAccess(member, instance, property),
            MethodCallExpression { Method: { IsGenericMethod: true } method } call
                when method.GetGenericMethodDefinition() == PropertyMethod
                    && call.Arguments[1] is ConstantExpression { Value: string name }
                    && _byName.TryGetValue((call.Arguments[0].Type, name), out var named)
                => new EncryptedAccess(call, call.Arguments[0], named),
            _ => null,
        };
    }
}
