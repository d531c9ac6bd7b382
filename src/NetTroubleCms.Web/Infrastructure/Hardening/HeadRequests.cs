namespace NetTroubleCms.Web.Infrastructure.Hardening;

/// <summary>
/// HEAD answers wherever GET does (crawlers and link checkers use it): the request runs as a GET with the same
/// headers, status and length, and the body is dropped.
/// </summary>
public static class HeadRequests
{
    /// <summary>Adds the middleware; place it before routing.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
}
