using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage;

/// <summary>Gantry's metadata. The server is its only writer (through <see cref="MetadataWriter"/>).</summary>
/// <remarks>One subclass per provider (Providers/) owns that provider's migrations.</remarks>
public class GantryDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<ProjectRecord> Projects => Set<ProjectRecord>();

    public DbSet<MembershipRecord> Memberships => Set<MembershipRecord>();

    public DbSet<TokenRecord> Tokens => Set<TokenRecord>();

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    public DbSet<Cost.BudgetRecord> Budgets => Set<Cost.BudgetRecord>();

    public DbSet<Cost.BudgetAlertRecord> BudgetAlerts => Set<Cost.BudgetAlertRecord>();

    public DbSet<Cost.CostNodeRecord> CostNodes => Set<Cost.CostNodeRecord>();

    public DbSet<DeploymentRecord> Deployments => Set<DeploymentRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Data.DataModel.Configure(modelBuilder);
        Telemetry.TelemetryModel.Configure(modelBuilder);
        Cost.CostModel.Configure(modelBuilder);
        Serving.ServingModel.Configure(modelBuilder);
        modelBuilder.Entity<UserRecord>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Name);
            e.Property(u => u.Name).HasMaxLength(63);
        });
        modelBuilder.Entity<ProjectRecord>(e =>
        {
            e.ToTable("projects");
            e.HasKey(p => p.Name);
            e.Property(p => p.Name).HasMaxLength(63);
        });
        modelBuilder.Entity<MembershipRecord>(e =>
        {
            e.ToTable("memberships");
            e.HasKey(m => new { m.User, m.Project });
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<TokenRecord>(e =>
        {
            e.ToTable("tokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.User);
        });
        modelBuilder.Entity<JobRecord>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Id).ValueGeneratedNever();
            e.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(j => j.State);
            e.HasIndex(j => new { j.Project, j.Id });
            e.HasIndex(j => j.ArrayId);
        });
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit");
            e.HasKey(a => a.Seq);
            e.Property(a => a.Seq).ValueGeneratedNever();
            e.HasIndex(a => a.AtMs);
            e.HasIndex(a => a.Actor);
            e.HasIndex(a => a.Action);
        });
        modelBuilder.Entity<DeploymentRecord>(e =>
        {
            e.ToTable("deployments");
            e.HasKey(d => d.Name);
            e.Property(d => d.Name).HasMaxLength(63);
            e.HasIndex(d => d.Project);
        });
    }
}
