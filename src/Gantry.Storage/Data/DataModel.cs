using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Data;

/// <summary>The tables of datasets, models, uploads and job data bindings.</summary>
public static class DataModel
{
    /// <summary>The tables this model adds (a release before them had none; tests drop them to make such a database).</summary>
    public static readonly IReadOnlyList<string> Tables =
        ["datasets", "dataset_versions", "data_uploads", "project_chunks", "models", "model_versions", "job_data"];

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DatasetRecord>(e =>
        {
            e.ToTable("datasets");
            e.HasKey(d => d.Name);
            e.Property(d => d.Name).HasMaxLength(63);
            e.Property(d => d.Class).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(d => d.Project);
        });
        modelBuilder.Entity<DatasetVersionRecord>(e =>
        {
            e.ToTable("dataset_versions");
            e.HasKey(v => new { v.Dataset, v.Version });
            e.HasIndex(v => v.UploadId);
            e.HasIndex(v => v.ProducedByJob);
        });
        modelBuilder.Entity<UploadRecord>(e =>
        {
            e.ToTable("data_uploads");
            e.HasKey(u => u.Id);
            e.HasIndex(u => new { u.Kind, u.Target, u.User, u.ManifestHash });
            e.HasIndex(u => u.ExpiresAtMs);
        });
        modelBuilder.Entity<ProjectChunkRecord>(e =>
        {
            e.ToTable("project_chunks");
            e.HasKey(c => new { c.Project, c.Hash });
            e.HasIndex(c => c.Hash);
        });
        modelBuilder.Entity<ModelRecord>(e =>
        {
            e.ToTable("models");
            e.HasKey(m => m.Name);
            e.Property(m => m.Name).HasMaxLength(63);
            e.HasIndex(m => m.Project);
        });
        modelBuilder.Entity<ModelVersionRecord>(e =>
        {
            e.ToTable("model_versions");
            e.HasKey(v => new { v.Model, v.Version });
            e.Property(v => v.Format).HasConversion<string>().HasMaxLength(16);
            e.Property(v => v.Stage).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(v => v.ProducedByJob);
            e.HasIndex(v => v.UploadId);
        });
        modelBuilder.Entity<JobDataRecord>(e =>
        {
            e.ToTable("job_data");
            e.HasKey(j => new { j.JobId, j.Kind, j.Position });
            e.Property(j => j.Kind).HasMaxLength(8);
            e.HasIndex(j => new { j.Dataset, j.Version });
        });
    }
}
