using NetTroubleCms.Web.Features.Admin.Editors;

namespace NetTroubleCms.Web.Tests;

public sealed class AdminPhoneTests
{
    [Theory]
    [InlineData("0570-078374")]
    [InlineData("03-1234-5678")]
    [InlineData("０３－１２３４－５６７８")]
    [InlineData("#9110")]
    [InlineData("110")]
    public void JapaneseNumbersAndShortCodesAreAccepted(string input)
    {
        var formatted = PhoneNumberFormatter.Format(input);

        Assert.NotNull(formatted);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("999")]
    [InlineData("03-12")]
    public void OtherTextIsRefused(string input)
    {
        var formatted = PhoneNumberFormatter.Format(input);

        Assert.Null(formatted);
    }

    [Fact]
    public void NumbersAreFormattedTheJapaneseWay()
    {
        Assert.Equal("03-1234-5678", PhoneNumberFormatter.Format("0312345678"));
        Assert.Equal("#9110", PhoneNumberFormatter.Format("＃９１１０"));
    }
}
