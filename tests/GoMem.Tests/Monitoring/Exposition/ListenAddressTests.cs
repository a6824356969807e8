using GoMem.Monitoring.Exposition;

namespace GoMem.Tests.Monitoring.Exposition;

/// <summary><c>--listen</c>'s address: 127.0.0.1 unless the user names another interface; anything else one clear line.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9464", "127.0.0.1:9464")]
    [InlineData(":9464", "127.0.0.1:9464")]
    [InlineData("9464", "127.0.0.1:9464")]
    [InlineData("localhost:9464", "127.0.0.1:9464")]
    [InlineData("0.0.0.0:9464", "0.0.0.0:9464")]
    [InlineData("10.1.2.3:80", "10.1.2.3:80")]
    [InlineData("[::1]:9464", "[::1]:9464")]
    [InlineData("[::]:9464", "[::]:9464")]
    public void Reads_an_address_to_listen_on(string text, string expected)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var problem), problem);
        Assert.Equal(expected, address!.ToString());
    }

    [Theory]
    [InlineData("", "no port")]
    [InlineData("127.0.0.1", "no port")]
    [InlineData("127.0.0.1:0", "no port")]
    [InlineData("127.0.0.1:65536", "no port")]
    [InlineData("127.0.0.1:http", "no port")]
    [InlineData("127.0.0.1:-1", "no port")]
    [InlineData("example.com:9464", "not an address")]
    [InlineData("::1:9464", "not an address")]
    [InlineData("[127.0.0.1]:9464", "not an address")]
    [InlineData("1.2.3:9464", "not an address")]
    [InlineData("http://127.0.0.1:9464", "not an address")]
    public void Refuses_anything_else_in_one_line(string text, string says)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var problem));
        Assert.Contains(says, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }
}
