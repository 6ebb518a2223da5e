using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Providers;

/// <summary>The metadata on PostgreSQL; its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresGantryDbContext(DbContextOptions<PostgresGantryDbContext> options) : GantryDbContext(options);
