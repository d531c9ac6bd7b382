namespace NetTroubleCms.Web.Features.Verification;

/// <summary>Wires channel verification (dates, due list, "verified today").</summary>
public static class VerificationServiceCollectionExtensions
{
    /// <summary>Registers the verification services.</summary>
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ChannelVerification>();
        return services;
    }
}
