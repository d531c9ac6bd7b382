using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Media;

/// <summary>Wires the media library: the store under the data folder, uploads, images and the public route.</summary>
public static class MediaServiceCollectionExtensions
{
    /// <summary>Registers the services; request size limits of the upload pages come from <c>Cms:Media</c>.</summary>
    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediaStoreOptions>().Configure<IOptions<CmsOptions>, IWebHostEnvironment>((media, cms, environment) =>
        {
            var data = cms.Value.ResolveDataDirectory(environment.ContentRootPath);
            media.RootPath = cms.Value.Media.ResolveRoot(environment.ContentRootPath, data);
            // Beside the media folder, on the same disk: staged files become media by a copy on the same volume.
            media.StagingPath = Path.Combine(data, "media-staging");
        });
        services.AddSingleton<MediaImages>();
        services.AddScoped<MediaLibrary>();
        services.AddSingleton<Recipes.PendingRecipePackages>();

        // Read now, because request limits are endpoint metadata fixed at start-up.
        var limits = builder.Configuration.GetSection(CmsOptions.Section).Get<CmsOptions>()?.Media ?? new CmsMediaOptions();
        services.Configure<RazorPagesOptions>(o =>
        {
            // Several files may go up at once; each is still checked against MaxUploadBytes.
            Limit(o, "/Media/Index", (limits.MaxUploadBytes * 10) + (1024 * 1024));
            Limit(o, "/Recipes/Index", limits.MaxPackageUploadBytes + (1024 * 1024));
        });
        return builder;
    }

    private static void Limit(RazorPagesOptions options, string page, long bytes) =>
        options.Conventions.AddPageApplicationModelConvention(page, model =>
        {
            model.Filters.Add(new RequestSizeLimitAttribute(bytes));
            model.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = bytes, ValueLengthLimit = (int)Math.Min(int.MaxValue, bytes) });
        });
}
