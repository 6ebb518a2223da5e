using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// Per token and deployment: a token bucket of requests (rate and burst) and a running count of predictions (rows)
/// against a quota — what keeps one token from harvesting a model or its compute. Driven by a <see cref="TimeProvider"/>.
/// Counts live in memory: a restart refills buckets and restarts the prediction count.
/// </summary>
internal sealed class TokenRateLimiter(IOptions<ServingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Token, string Deployment), Bucket> _buckets = new();

    /// <summary>Takes one request from the bucket; when empty, how long until the next one is allowed.</summary>
    public TimeSpan? TryAcquire(long tokenId, DeploymentSpec spec)
    {
        var limits = options.Value.RateLimit;
        var rate = spec.RateLimitRps ?? limits.RequestsPerSecond;
        var burst = spec.RateLimitBurst ?? limits.Burst;
        var bucket = _buckets.GetOrAdd((tokenId, spec.Name), static (_, b) => new Bucket(b), burst);
        return bucket.TryTake(rate, burst, time.GetTimestamp(), time.TimestampFrequency);
    }

    /// <summary>Counts <paramref name="rows"/> predictions; false (and nothing counted) when they would go over the quota.</summary>
    public bool TryCharge(long tokenId, DeploymentSpec spec, long rows, out long quota)
    {
        quota = spec.PredictionQuota ?? options.Value.RateLimit.PredictionQuota;
        if (quota <= 0)
            return true;
        var bucket = _buckets.GetOrAdd((tokenId, spec.Name), static (_, b) => new Bucket(b), spec.RateLimitBurst ?? options.Value.RateLimit.Burst);
        return bucket.TryCharge(rows, quota);
    }

    /// <summary>Forgets a deleted deployment's buckets.</summary>
    public void Forget(string deployment)
    {
        foreach (var key in _buckets.Keys)
        {
            if (key.Deployment == deployment)
                _buckets.TryRemove(key, out _);
        }
    }

    private sealed class Bucket(int burst)
    {
        private readonly Lock _lock = new();
        private double _tokens = burst;
        private long _stamp = -1;
        private long _predictions;

        public TimeSpan? TryTake(double rate, int burst, long now, long frequency)
        {
            lock (_lock)
            {
                if (_stamp >= 0)
                    _tokens = Math.Min(burst, _tokens + ((now - _stamp) * rate / frequency));
                _stamp = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return null;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / rate);
            }
        }

        public bool TryCharge(long rows, long quota)
        {
            lock (_lock)
            {
                if (_predictions + rows > quota)
                    return false;
                _predictions += rows;
                return true;
            }
        }
    }
}
