using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Serving;

/// <summary>The serving usage tables: replica spans (what deployments cost) and hourly prediction counts.</summary>
internal static class ServingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DeploymentSpanRecord>(e =>
        {
            e.ToTable("deployment_spans");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedOnAdd();
            e.Property(s => s.Deployment).HasMaxLength(63);
            e.HasIndex(s => new { s.Deployment, s.StartMs });
            e.HasIndex(s => s.EndMs);
        });
        modelBuilder.Entity<DeploymentUsageRecord>(e =>
        {
            e.ToTable("deployment_usage");
            e.HasKey(u => new { u.Deployment, u.ModelVersion, u.HourMs });
            e.Property(u => u.Deployment).HasMaxLength(63);
            e.HasIndex(u => u.HourMs);
        });
    }
}
