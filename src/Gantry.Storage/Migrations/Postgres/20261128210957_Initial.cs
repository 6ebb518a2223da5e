using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Gantry.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    PrevHash = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "budget_alerts",
                columns: table => new
                {
                    Project = table.Column<string>(type: "text", nullable: false),
                    Month = table.Column<string>(type: "text", nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    SpentUsd = table.Column<double>(type: "double precision", nullable: false),
                    MonthlyUsd = table.Column<double>(type: "double precision", nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_alerts", x => new { x.Project, x.Month, x.Threshold });
                });

            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    Project = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    MonthlyUsd = table.Column<double>(type: "double precision", nullable: false),
                    AlertThresholds = table.Column<string>(type: "text", nullable: false),
                    HardStop = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budgets", x => x.Project);
                });

            migrationBuilder.CreateTable(
                name: "cost_nodes",
                columns: table => new
                {
                    Node = table.Column<string>(type: "text", nullable: false),
                    Pool = table.Column<string>(type: "text", nullable: false),
                    FirstSeenMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cost_nodes", x => x.Node);
                });

            migrationBuilder.CreateTable(
                name: "data_uploads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    User = table.Column<string>(type: "text", nullable: false),
                    ManifestHash = table.Column<string>(type: "text", nullable: false),
                    ManifestJson = table.Column<string>(type: "text", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Chunks = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_uploads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dataset_versions",
                columns: table => new
                {
                    Dataset = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ManifestHash = table.Column<string>(type: "text", nullable: false),
                    ManifestJson = table.Column<string>(type: "text", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Files = table.Column<int>(type: "integer", nullable: false),
                    Chunks = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    ProducedByJob = table.Column<long>(type: "bigint", nullable: true),
                    UploadId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dataset_versions", x => new { x.Dataset, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    Class = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    DeletedAtMs = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datasets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "deployment_spans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Deployment = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    User = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: false),
                    Replicas = table.Column<int>(type: "integer", nullable: false),
                    CpusPerReplica = table.Column<double>(type: "double precision", nullable: false),
                    MemoryBytesPerReplica = table.Column<long>(type: "bigint", nullable: false),
                    Gpus = table.Column<int>(type: "integer", nullable: false),
                    Device = table.Column<string>(type: "text", nullable: false),
                    Node = table.Column<string>(type: "text", nullable: true),
                    Devices = table.Column<string>(type: "text", nullable: true),
                    StartMs = table.Column<long>(type: "bigint", nullable: false),
                    EndMs = table.Column<long>(type: "bigint", nullable: true),
                    LastSeenMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deployment_spans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deployment_usage",
                columns: table => new
                {
                    Deployment = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: false),
                    HourMs = table.Column<long>(type: "bigint", nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    Requests = table.Column<long>(type: "bigint", nullable: false),
                    Predictions = table.Column<long>(type: "bigint", nullable: false),
                    Failures = table.Column<long>(type: "bigint", nullable: false),
                    LatencySumSeconds = table.Column<double>(type: "double precision", nullable: false),
                    LatencyCounts = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deployment_usage", x => new { x.Deployment, x.ModelVersion, x.HourMs });
                });

            migrationBuilder.CreateTable(
                name: "deployments",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: false),
                    Replicas = table.Column<int>(type: "integer", nullable: false),
                    MinReplicas = table.Column<int>(type: "integer", nullable: false),
                    MaxReplicas = table.Column<int>(type: "integer", nullable: false),
                    MaxBatch = table.Column<int>(type: "integer", nullable: false),
                    MaxDelayMs = table.Column<double>(type: "double precision", nullable: false),
                    MaxQueueRows = table.Column<int>(type: "integer", nullable: false),
                    DeadlineMs = table.Column<double>(type: "double precision", nullable: false),
                    Device = table.Column<string>(type: "text", nullable: false),
                    IntraOpThreads = table.Column<int>(type: "integer", nullable: false),
                    InterOpThreads = table.Column<int>(type: "integer", nullable: false),
                    RateLimitRps = table.Column<double>(type: "double precision", nullable: true),
                    RateLimitBurst = table.Column<int>(type: "integer", nullable: true),
                    PredictionQuota = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deployments", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "gpu_info",
                columns: table => new
                {
                    Node = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Gpu = table.Column<int>(type: "integer", nullable: false),
                    Uuid = table.Column<string>(type: "text", nullable: true),
                    Model = table.Column<string>(type: "text", nullable: true),
                    LastSeenMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gpu_info", x => new { x.Node, x.Gpu });
                });

            migrationBuilder.CreateTable(
                name: "gpu_telemetry",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tier = table.Column<int>(type: "integer", nullable: false),
                    Node = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Gpu = table.Column<int>(type: "integer", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: true),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    Samples = table.Column<int>(type: "integer", nullable: false),
                    Utilization = table.Column<double>(type: "double precision", nullable: true),
                    MemoryUsedBytes = table.Column<double>(type: "double precision", nullable: true),
                    MemoryTotalBytes = table.Column<double>(type: "double precision", nullable: true),
                    PowerWatts = table.Column<double>(type: "double precision", nullable: true),
                    EnergyMillijoules = table.Column<double>(type: "double precision", nullable: true),
                    TemperatureCelsius = table.Column<double>(type: "double precision", nullable: true),
                    SmClockMhz = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gpu_telemetry", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "job_data",
                columns: table => new
                {
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Dataset = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    Model = table.Column<string>(type: "text", nullable: true),
                    Path = table.Column<string>(type: "text", nullable: true),
                    ResultVersion = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_data", x => new { x.JobId, x.Kind, x.Position });
                });

            migrationBuilder.CreateTable(
                name: "job_metrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Step = table.Column<long>(type: "bigint", nullable: true),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_metrics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "job_metrics_cursors",
                columns: table => new
                {
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Offset = table.Column<long>(type: "bigint", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    SkippedLines = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_metrics_cursors", x => x.JobId);
                });

            migrationBuilder.CreateTable(
                name: "job_usage",
                columns: table => new
                {
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    QueueMs = table.Column<long>(type: "bigint", nullable: false),
                    RunMs = table.Column<long>(type: "bigint", nullable: false),
                    GpuMs = table.Column<long>(type: "bigint", nullable: false),
                    RunningSinceMs = table.Column<long>(type: "bigint", nullable: true),
                    RunningGpus = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_usage", x => x.JobId);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    User = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CommandJson = table.Column<string>(type: "text", nullable: false),
                    EnvJson = table.Column<string>(type: "text", nullable: false),
                    Gpus = table.Column<int>(type: "integer", nullable: false),
                    GpuType = table.Column<string>(type: "text", nullable: true),
                    Cpus = table.Column<double>(type: "double precision", nullable: false),
                    MemoryBytes = table.Column<long>(type: "bigint", nullable: false),
                    Nodes = table.Column<int>(type: "integer", nullable: false),
                    GpuMilli = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    Preemptible = table.Column<bool>(type: "boolean", nullable: false),
                    MaxRetries = table.Column<int>(type: "integer", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    TimeLimitSeconds = table.Column<double>(type: "double precision", nullable: true),
                    ArrayId = table.Column<long>(type: "bigint", nullable: true),
                    ArrayIndex = table.Column<int>(type: "integer", nullable: true),
                    Pool = table.Column<string>(type: "text", nullable: true),
                    SubmittedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    StartedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    FinishedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    NotBeforeMs = table.Column<long>(type: "bigint", nullable: false),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    Node = table.Column<string>(type: "text", nullable: true),
                    Devices = table.Column<string>(type: "text", nullable: true),
                    GangJson = table.Column<string>(type: "text", nullable: true),
                    Handle = table.Column<string>(type: "text", nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    PreemptRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Preemptions = table.Column<int>(type: "integer", nullable: false),
                    Borrowed = table.Column<bool>(type: "boolean", nullable: false),
                    DistributedFramework = table.Column<string>(type: "text", nullable: true),
                    ProcessesPerNode = table.Column<int>(type: "integer", nullable: true),
                    Burst = table.Column<bool>(type: "boolean", nullable: false),
                    InputClass = table.Column<int>(type: "integer", nullable: true),
                    Image = table.Column<string>(type: "text", nullable: true),
                    BurstPool = table.Column<string>(type: "text", nullable: true),
                    BurstWaitSeconds = table.Column<double>(type: "double precision", nullable: true),
                    BurstExtraUsdPerHour = table.Column<double>(type: "double precision", nullable: true),
                    BurstExtraUsd = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    User = table.Column<string>(type: "text", nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_memberships", x => new { x.User, x.Project });
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    ManifestHash = table.Column<string>(type: "text", nullable: false),
                    ManifestJson = table.Column<string>(type: "text", nullable: false),
                    Unsafe = table.Column<bool>(type: "boolean", nullable: false),
                    SignatureJson = table.Column<string>(type: "text", nullable: true),
                    DetailsJson = table.Column<string>(type: "text", nullable: false),
                    MetricsJson = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StageChangedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    ProducedByJob = table.Column<long>(type: "bigint", nullable: true),
                    InputsJson = table.Column<string>(type: "text", nullable: false),
                    UploadId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_versions", x => new { x.Model, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Project = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "project_chunks",
                columns: table => new
                {
                    Project = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_chunks", x => new { x.Project, x.Hash });
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    QuotaGpus = table.Column<double>(type: "double precision", nullable: true),
                    QuotaCpus = table.Column<double>(type: "double precision", nullable: true),
                    QuotaMemoryBytes = table.Column<long>(type: "bigint", nullable: true),
                    LimitGpus = table.Column<double>(type: "double precision", nullable: true),
                    LimitCpus = table.Column<double>(type: "double precision", nullable: true),
                    LimitMemoryBytes = table.Column<long>(type: "bigint", nullable: true),
                    Cohort = table.Column<string>(type: "text", nullable: true),
                    Weight = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "tokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    User = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAtMs = table.Column<long>(type: "bigint", nullable: true),
                    RevokedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Deployment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    IsAdmin = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_Action",
                table: "audit",
                column: "Action");

            migrationBuilder.CreateIndex(
                name: "IX_audit_Actor",
                table: "audit",
                column: "Actor");

            migrationBuilder.CreateIndex(
                name: "IX_audit_AtMs",
                table: "audit",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_budget_alerts_AtMs",
                table: "budget_alerts",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_data_uploads_ExpiresAtMs",
                table: "data_uploads",
                column: "ExpiresAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_data_uploads_Kind_Target_User_ManifestHash",
                table: "data_uploads",
                columns: new[] { "Kind", "Target", "User", "ManifestHash" });

            migrationBuilder.CreateIndex(
                name: "IX_dataset_versions_ProducedByJob",
                table: "dataset_versions",
                column: "ProducedByJob");

            migrationBuilder.CreateIndex(
                name: "IX_dataset_versions_UploadId",
                table: "dataset_versions",
                column: "UploadId");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_Project",
                table: "datasets",
                column: "Project");

            migrationBuilder.CreateIndex(
                name: "IX_deployment_spans_Deployment_StartMs",
                table: "deployment_spans",
                columns: new[] { "Deployment", "StartMs" });

            migrationBuilder.CreateIndex(
                name: "IX_deployment_spans_EndMs",
                table: "deployment_spans",
                column: "EndMs");

            migrationBuilder.CreateIndex(
                name: "IX_deployment_usage_HourMs",
                table: "deployment_usage",
                column: "HourMs");

            migrationBuilder.CreateIndex(
                name: "IX_deployments_Project",
                table: "deployments",
                column: "Project");

            migrationBuilder.CreateIndex(
                name: "IX_gpu_telemetry_JobId_AtMs",
                table: "gpu_telemetry",
                columns: new[] { "JobId", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_gpu_telemetry_Node_Gpu_AtMs",
                table: "gpu_telemetry",
                columns: new[] { "Node", "Gpu", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_gpu_telemetry_Tier_AtMs",
                table: "gpu_telemetry",
                columns: new[] { "Tier", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_job_data_Dataset_Version",
                table: "job_data",
                columns: new[] { "Dataset", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_job_metrics_JobId_Key_Id",
                table: "job_metrics",
                columns: new[] { "JobId", "Key", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_ArrayId",
                table: "jobs",
                column: "ArrayId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Project_Id",
                table: "jobs",
                columns: new[] { "Project", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State",
                table: "jobs",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_model_versions_ProducedByJob",
                table: "model_versions",
                column: "ProducedByJob");

            migrationBuilder.CreateIndex(
                name: "IX_model_versions_UploadId",
                table: "model_versions",
                column: "UploadId");

            migrationBuilder.CreateIndex(
                name: "IX_models_Project",
                table: "models",
                column: "Project");

            migrationBuilder.CreateIndex(
                name: "IX_project_chunks_Hash",
                table: "project_chunks",
                column: "Hash");

            migrationBuilder.CreateIndex(
                name: "IX_tokens_Hash",
                table: "tokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tokens_User",
                table: "tokens",
                column: "User");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit");

            migrationBuilder.DropTable(
                name: "budget_alerts");

            migrationBuilder.DropTable(
                name: "budgets");

            migrationBuilder.DropTable(
                name: "cost_nodes");

            migrationBuilder.DropTable(
                name: "data_uploads");

            migrationBuilder.DropTable(
                name: "dataset_versions");

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "deployment_spans");

            migrationBuilder.DropTable(
                name: "deployment_usage");

            migrationBuilder.DropTable(
                name: "deployments");

            migrationBuilder.DropTable(
                name: "gpu_info");

            migrationBuilder.DropTable(
                name: "gpu_telemetry");

            migrationBuilder.DropTable(
                name: "job_data");

            migrationBuilder.DropTable(
                name: "job_metrics");

            migrationBuilder.DropTable(
                name: "job_metrics_cursors");

            migrationBuilder.DropTable(
                name: "job_usage");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "memberships");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "project_chunks");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "tokens");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
