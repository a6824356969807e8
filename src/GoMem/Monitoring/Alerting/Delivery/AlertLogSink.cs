namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// The alert log: one JSON line per change of an alert (<see cref="AlertPayloads.LogLine"/>) on standard error or
/// standard output. A batch is written with one call on a synchronized writer (<see cref="TextWriter.Synchronized"/>):
/// given the same writer as the watch log, the two never interleave within a line. Resends are skipped.
/// </summary>
public sealed class AlertLogSink(TextWriter writer, AlertLogDestination destination, Uri? externalUrl) : IAlertSink
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    public AlertSinkKind Kind => AlertSinkKind.Log;

    public string Receiver => AlertingSettings.Format(destination);

    public bool TakesResends => false;

    public int MaxBatch => 64;

    public Task SendAsync(IReadOnlyList<AlertNotification> batch, CancellationToken cancel)
    {
        var text = new System.Text.StringBuilder();
        foreach (var alert in batch)
        {
            text.Append(System.Text.Encoding.UTF8.GetString(AlertPayloads.LogLine(alert, externalUrl))).Append('\n');
        }

        try
        {
            _writer.Write(text.ToString());
            _writer.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new AlertSendException($"{Receiver}: {e.Message}", retryable: false, e);
        }

        return Task.CompletedTask;
    }
}
