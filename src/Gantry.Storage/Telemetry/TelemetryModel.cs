using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Telemetry;

/// <summary>The tables of monitoring: GPU telemetry tiers, GPU identities, job metrics and job usage.</summary>
public static class TelemetryModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GpuTelemetryRecord>(e =>
        {
            e.ToTable("gpu_telemetry");
            e.HasKey(t => t.Id);
            e.Property(t => t.Node).HasMaxLength(253);
            e.HasIndex(t => new { t.Tier, t.AtMs });
            e.HasIndex(t => new { t.Node, t.Gpu, t.AtMs });
            e.HasIndex(t => new { t.JobId, t.AtMs });
        });
        modelBuilder.Entity<GpuInfoRecord>(e =>
        {
            e.ToTable("gpu_info");
            e.HasKey(g => new { g.Node, g.Gpu });
            e.Property(g => g.Node).HasMaxLength(253);
        });
        modelBuilder.Entity<JobMetricRecord>(e =>
        {
            e.ToTable("job_metrics");
            e.HasKey(m => m.Id);
            e.Property(m => m.Key).HasMaxLength(64);
            e.HasIndex(m => new { m.JobId, m.Key, m.Id });
        });
        modelBuilder.Entity<JobMetricsCursorRecord>(e =>
        {
            e.ToTable("job_metrics_cursors");
            e.HasKey(c => c.JobId);
            e.Property(c => c.JobId).ValueGeneratedNever();
        });
        modelBuilder.Entity<JobUsageRecord>(e =>
        {
            e.ToTable("job_usage");
            e.HasKey(u => u.JobId);
            e.Property(u => u.JobId).ValueGeneratedNever();
        });
    }
}
