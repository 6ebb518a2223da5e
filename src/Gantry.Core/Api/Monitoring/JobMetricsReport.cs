namespace Gantry.Core.Api.Monitoring;

/// <summary>What <c>POST /api/v1/jobs/{id}/metrics</c> stored: metric values accepted and lines skipped as malformed.</summary>
public sealed record JobMetricsReport(int Accepted, int Skipped);
