using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>The data-protection key ring is stored encrypted, and a restart on the same data folder still reads it.</summary>
public sealed class KeyRingEncryptionTests
{
    [Fact]
    public async Task KeysAreStoredEncryptedAndSurviveARestart()
    {
        string protectedPayload;
        string dataDirectory;
        using (var first = new CmsApplication())
        {
            dataDirectory = first.DataDirectory;
            protectedPayload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("相談");
            var keys = await first.InScopeAsync(sp => sp.GetRequiredService<CmsDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync());

            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // the clear-text master key element
            });
            var pfx = Path.Combine(dataDirectory, KeyRingEncryption.GeneratedFile);
            Assert.True(File.Exists(pfx));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pfx));
            }

            // Keep the folder for the second start: copy it aside before the first app deletes it.
            CopyDirectory(dataDirectory, dataDirectory + "-copy");
        }

        using var second = new CmsApplication();
        Directory.Delete(second.DataDirectory, recursive: true);
        CopyDirectory(dataDirectory + "-copy", second.DataDirectory);
        Directory.Delete(dataDirectory + "-copy", recursive: true);

        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload);

        Assert.Equal("相談", unprotected);
    }

    [Fact]
    public void AConfiguredCertificateThatIsMissingStopsStartWithAClearMessage()
    {
        using var app = new CmsApplication().WithEarly("Cms:DataProtection:CertificatePath", "/nonexistent/keys.pfx");

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Cms:DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
