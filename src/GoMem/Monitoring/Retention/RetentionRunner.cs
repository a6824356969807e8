using GoMem.Monitoring.Collection;

namespace GoMem.Monitoring.Retention;

/// <summary>
/// The collector's retention: a <see cref="RetentionPass"/> when the collector starts and then every
/// <see cref="Every"/>, beside collection and through the same <see cref="StoreGate"/>. A pass that fails (the store
/// unreachable, a target's data refused) is told as a problem in the watch log and tried again at the next one.
/// </summary>
public sealed class RetentionRunner(StoreGate store, RetentionPolicy policy, ICollectorLog log, TimeProvider time)
{
    /// <summary>Time between the starts of two passes: the raw spans grow by at most this much beyond their length.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    public RetentionOptions Options { get; init; } = new();

    /// <summary>Runs passes until <paramref name="stop"/> is cancelled; never throws for a failed pass or for the stop.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        // The caller goes on at once: a pass whose store calls all complete synchronously must not run in its stead.
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                var result = await RetentionPass.RunAsync(store, policy, time.GetUtcNow(), Options, stop).ConfigureAwait(false);
                foreach (var problem in result.Problems)
                {
                    log.Problem(time.GetUtcNow(), problem);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException)
            {
                // The store's outage is told once by the gate; the pass is tried again at the next round.
            }
            catch (Exception e)
            {
                log.Problem(time.GetUtcNow(), $"retention: {e.Message.ReplaceLineEndings(" ")}; trying again in {RetentionTiers.Format(Every)}");
            }

            var wait = Every - time.GetElapsedTime(started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
