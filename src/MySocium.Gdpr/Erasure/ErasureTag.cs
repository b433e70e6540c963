using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>Recognises the eraser's own statements by their tag.</summary>
internal static class ErasureTag
{
    public static bool IsOn(Expression query)
    {
        // The tag wraps the eraser's Where; ExecuteUpdate or Count may sit on top of it.
        for (var node = query as MethodCallExpression; node is not null; node = node.Arguments.FirstOrDefault() as MethodCallExpression)
        {
            if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.TagWith)
                && node.Arguments is [_, ConstantExpression { Value: ErasureQueries.Tag }])
            {
                return true;
            }
        }

        return false;
    }
}
