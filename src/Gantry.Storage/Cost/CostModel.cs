using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Cost;

/// <summary>The cost tables: budgets, budget alerts and node first-seen times.</summary>
internal static class CostModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BudgetRecord>(e =>
        {
            e.ToTable("budgets");
            e.HasKey(b => b.Project);
            e.Property(b => b.Project).HasMaxLength(63);
        });
        modelBuilder.Entity<BudgetAlertRecord>(e =>
        {
            e.ToTable("budget_alerts");
            e.HasKey(a => new { a.Project, a.Month, a.Threshold });
            e.HasIndex(a => a.AtMs);
        });
        modelBuilder.Entity<CostNodeRecord>(e =>
        {
            e.ToTable("cost_nodes");
            e.HasKey(n => n.Node);
        });
    }
}
