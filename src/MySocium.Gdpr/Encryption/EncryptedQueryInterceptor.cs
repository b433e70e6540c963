using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Before a query is compiled, turns equality on searchable encrypted properties into equality on
/// their blind indexes, and refuses every other use of an encrypted property the database would
/// have to evaluate: on ciphertext it would silently find nothing, or the wrong rows.
/// </summary>
internal sealed class EncryptedQueryInterceptor : IQueryExpressionInterceptor
{
    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
        => eventData.Context is null || ErasureTag.IsOn(queryExpression)
            ? queryExpression
            : new EncryptedQueryRewriter(eventData.Context.Model).Visit(queryExpression);
}
