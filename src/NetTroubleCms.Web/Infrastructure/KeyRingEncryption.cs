using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// Encrypts the data-protection key ring at rest with an X.509 certificate. The keys live in the database, so a
/// copied database file or dump alone no longer yields the keys that sign cookies and antiforgery tokens.
/// The certificate comes from <c>Cms:DataProtection:CertificatePath</c> (a PFX, optional
/// <c>Cms:DataProtection:CertificatePassword</c>) or, when that is not set, is generated once into
/// <c>{DataDirectory}/keys/data-protection.pfx</c> (owner read/write only).
/// </summary>
public static class KeyRingEncryption
{
    /// <summary>Configuration section of the certificate settings.</summary>
    public const string Section = "Cms:DataProtection";

    /// <summary>File name of the generated certificate under the data folder.</summary>
    public const string GeneratedFile = "keys/data-protection.pfx";

    /// <summary>Loads or creates the certificate and protects new keys with it.</summary>
    /// <remarks>
    /// Runs while services are registered, because the framework takes the certificate itself (also for decryption),
    /// not a factory; so the settings must be in configuration the host sees at start (files, environment, arguments).
    /// </remarks>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder dataProtection, WebApplicationBuilder builder)
    {
        var cms = builder.Configuration.GetSection(CmsOptions.Section).Get<CmsOptions>() ?? new CmsOptions();
        var configuredPath = builder.Configuration[$"{Section}:CertificatePath"];
        var password = builder.Configuration[$"{Section}:CertificatePassword"];
        var dataDirectory = cms.ResolveDataDirectory(builder.Environment.ContentRootPath);
        var (certificate, source) = string.IsNullOrWhiteSpace(configuredPath)
            ? LoadOrCreate(Path.Combine(dataDirectory, GeneratedFile))
            : (LoadConfigured(Path.GetFullPath(configuredPath, builder.Environment.ContentRootPath), password), "configured");
        var shared = !cms.Database.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddHostedService(sp => new KeyRingEncryptionNotice(
            sp.GetRequiredService<ILogger<KeyRingEncryptionNotice>>(), certificate.Thumbprint, source, warnShared: shared && source != "configured"));
        return dataProtection.ProtectKeysWithCertificate(certificate);
    }

    private static X509Certificate2 LoadConfigured(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new StartupRefusedException(
                $"{Section}:CertificatePath",
                $"鍵リング用の証明書ファイル '{path}' がありません。秘密鍵付きの PFX ファイルのパスを設定するか、設定を外してデータフォルダーに生成させてください。"
                + $" {Section}:CertificatePath points to '{path}', which does not exist. Give the path of a PFX file with a private key, "
                + $"or remove the setting to let the app generate one in the data folder.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new StartupRefusedException(
                $"{Section}:CertificatePath",
                $"証明書 '{path}' に秘密鍵がありません。 {Section}:CertificatePath '{path}' has no private key; the key ring could not be decrypted with it.");
        }

        return certificate;
    }

    private static (X509Certificate2 Certificate, string Source) LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return (X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=NetTroubleCms key ring encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        // Decryption ignores validity dates, but a long span keeps tools that inspect the file from calling it expired.
        var now = DateTimeOffset.UtcNow;
        using var generated = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var pfx = generated.Export(X509ContentType.Pkcs12);

        // Written to a temporary name first so a crash never leaves half a certificate behind.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(pfx);
        }

        File.Move(temporary, path, overwrite: false);
        return (X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet), path + " (generated now)");
    }
}

/// <summary>Says once at start which certificate protects the key ring, so the first-start log explains itself.</summary>
internal sealed partial class KeyRingEncryptionNotice(ILogger<KeyRingEncryptionNotice> logger, string thumbprint, string source, bool warnShared) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogEncrypted(logger, thumbprint, source);
        if (warnShared)
        {
            LogSharedDatabase(logger, KeyRingEncryption.Section);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Data-protection keys are encrypted at rest with certificate {Thumbprint} from {Source}.")]
    private static partial void LogEncrypted(ILogger logger, string thumbprint, string source);

    [LoggerMessage(2, LogLevel.Warning, "The database is shared, but the key-ring certificate is this instance's own: give every instance the same PFX with {Section}:CertificatePath, or they cannot read each other's sign-in cookies.")]
    private static partial void LogSharedDatabase(ILogger logger, string section);
}
