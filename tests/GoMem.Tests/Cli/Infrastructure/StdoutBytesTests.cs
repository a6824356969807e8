using System.Text;
using GoMem.Cli.Infrastructure;

namespace GoMem.Tests.Cli.Infrastructure;

public class StdoutBytesTests
{
    [Fact]
    public void Bytes_go_straight_to_the_stream_behind_stdout_in_order_and_leave_it_open()
    {
        using var stream = new MemoryStream();
        using var stdout = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false };
        stdout.Write("before ");

        // A renderer that disposes what it is given, as a using block around a JSON writer may.
        StdoutBytes.Write(stdout, s =>
        {
            using (s)
            {
                s.Write("{\"é\":1}"u8);
            }
        });
        stdout.Write(" after");
        stdout.Flush();

        Assert.Equal("before {\"é\":1} after", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void A_text_writer_without_a_stream_gets_the_bytes_as_text()
    {
        var stdout = new StringWriter();

        StdoutBytes.Write(stdout, s => s.Write("{\"é\":1}"u8));

        Assert.Equal("{\"é\":1}", stdout.ToString());
    }
}
