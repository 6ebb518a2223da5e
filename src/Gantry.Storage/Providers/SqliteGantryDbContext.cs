using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Providers;

/// <summary>The metadata on SQLite; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteGantryDbContext(DbContextOptions<SqliteGantryDbContext> options) : GantryDbContext(options);
