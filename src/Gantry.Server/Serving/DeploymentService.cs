using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Serving;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Server.Data;
using Gantry.Serving;
using Gantry.Storage;
using Gantry.Storage.Data;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Serving;

/// <summary>
/// Deployments as the REST API sees them: checks, one audited transaction per change, then the change applied to the
/// live deployment by <see cref="DeploymentManager"/>. Only registered ONNX model versions are deployed, and only after
/// ONNX Runtime has read the file's signature, so a deployment that is stored can be loaded.
/// </summary>
internal sealed class DeploymentService(
    MetadataStore store,
    MetadataWriter writer,
    DeploymentManager manager,
    ModelFiles files,
    DataAudit audit,
    TokenRateLimiter limiter,
    CallerCache callers)
{
    public async Task<Outcome<DeploymentView>> CreateAsync(Caller caller, CreateDeploymentRequest request, CancellationToken cancellationToken)
    {
        var target = "deployment/" + request.Name;
        var (replicas, min, max) = DeploymentRules.Resolve(request.Replicas, request.MinReplicas, request.MaxReplicas);
        var defaults = DeploymentSettings.Default;
        var record = new DeploymentRecord
        {
            Name = request.Name,
            Project = request.Project ?? "",
            Model = request.Model,
            Replicas = replicas,
            MinReplicas = min,
            MaxReplicas = max,
            MaxBatch = request.MaxBatch ?? defaults.MaxBatchRows,
            MaxDelayMs = request.MaxDelayMs ?? defaults.MaxDelay.TotalMilliseconds,
            MaxQueueRows = request.MaxQueueRows ?? Math.Max(defaults.MaxQueueRows, request.MaxBatch ?? 0),
            DeadlineMs = request.DeadlineMs ?? defaults.DefaultDeadline.TotalMilliseconds,
            Device = request.Device ?? defaults.Device,
            IntraOpThreads = request.IntraOpThreads ?? defaults.IntraOpThreads,
            InterOpThreads = request.InterOpThreads ?? defaults.InterOpThreads,
            RateLimitRps = request.RateLimitRps,
            RateLimitBurst = request.RateLimitBurst,
            PredictionQuota = request.PredictionQuota,
            State = "active",
            CreatedBy = caller.User,
            UpdatedBy = caller.User,
        };
        var invalid = NameRules.Check(request.Name, "deployment name") ?? NameRules.Check(request.Model, "model name")
            ?? (request.Project is { } p ? NameRules.Check(p, "project") : null)
            ?? (request.Version is < 1 ? "version must be a number from 1 (or left out for the latest)" : null)
            ?? DeploymentRules.CheckReplicas(replicas, min, max)
            ?? CheckSettings(record);
        if (invalid is not null)
            return await audit.RefuseAsync(caller.User, "deployment.create", target, GantryError.Invalid(invalid), cancellationToken);

        var found = await FindModelAsync(caller, request.Model, request.Version, cancellationToken);
        if (!found.IsOk)
            return await audit.RefuseAsync(caller.User, "deployment.create", target, found.Error, cancellationToken);
        var (model, version) = found.Value;
        record.Project = request.Project ?? model.Project;
        record.ModelVersion = version.Version;
        if (ProjectAccess.Require(caller, record.Project, Role.Member, "deploying models") is { } denied)
            return await audit.RefuseAsync(caller.User, "deployment.create", target, denied, cancellationToken);
        var loadable = await CheckLoadableAsync(model.Name, version, cancellationToken);
        if (loadable is not null)
            return await audit.RefuseAsync(caller.User, "deployment.create", target, loadable, cancellationToken);

        var committed = await writer.WriteAsync(scope =>
        {
            if (scope.Db.Deployments.Find(record.Name) is { } existing)
            {
                var taken = caller.CanSee(existing.Project)
                    ? GantryError.Conflict($"deployment '{record.Name}' already exists; change it with PATCH or delete it first")
                    : GantryError.Conflict($"the deployment name '{record.Name}' is taken (names are unique across projects)");
                return Outcome<DeploymentRecord>.Fail(DataAudit.Refuse(scope, caller.User, "deployment.create", target, taken));
            }

            if (scope.Db.Projects.Find(record.Project) is null)
                return DataAudit.Refuse(scope, caller.User, "deployment.create", target, GantryError.NotFound($"project '{record.Project}' not found"));
            record.CreatedAtMs = scope.NowMs;
            record.UpdatedAtMs = scope.NowMs;
            scope.Db.Deployments.Add(record);
            scope.Audit(caller.User, "deployment.create", target, "ok",
                $"{record.Model}@{record.ModelVersion} in {record.Project}, replicas {record.Replicas} ({record.MinReplicas}-{record.MaxReplicas}), max_batch {record.MaxBatch}, {record.Device}");
            return Outcome<DeploymentRecord>.Ok(record);
        }, cancellationToken);
        if (!committed.IsOk)
            return committed.Error;
        var live = manager.Start(committed.Value);
        return DeploymentViews.View(committed.Value, live);
    }

    public async Task<IReadOnlyList<DeploymentView>> ListAsync(Caller caller, string? project, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var records = await db.Deployments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        return records.Where(r => caller.CanSee(r.Project) && (project is null || r.Project == project))
            .Select(r => DeploymentViews.View(r, manager.TryGet(r.Name, out var live) ? live : null)).ToArray();
    }

    public async Task<Outcome<DeploymentView>> GetAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var record = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (record is null || !caller.CanSee(record.Project))
            return GantryError.NotFound($"deployment '{name}' not found");
        return DeploymentViews.View(record, manager.TryGet(name, out var live) ? live : null);
    }

    public async Task<Outcome<DeploymentView>> ScaleAsync(Caller caller, string name, ScaleDeploymentRequest request, CancellationToken cancellationToken)
    {
        var target = "deployment/" + name;
        var committed = await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Deployments.Find(name);
            if (Editable(caller, record, name, "scaling deployments") is { } refused)
                return DataAudit.Refuse(scope, caller.User, "deployment.scale", target, refused);
            var (replicas, min, max) = DeploymentRules.Rescale(request, record!.Replicas, record.MinReplicas, record.MaxReplicas);
            if (DeploymentRules.CheckReplicas(replicas, min, max) is { } bad)
                return DataAudit.Refuse(scope, caller.User, "deployment.scale", target, GantryError.Invalid(bad));
            var before = $"{record.Replicas} ({record.MinReplicas}-{record.MaxReplicas})";
            record.Replicas = replicas;
            record.MinReplicas = min;
            record.MaxReplicas = max;
            record.UpdatedBy = caller.User;
            record.UpdatedAtMs = scope.NowMs;
            scope.Audit(caller.User, "deployment.scale", target, "ok", $"{before} -> {replicas} ({min}-{max})");
            return Outcome<DeploymentRecord>.Ok(record);
        }, cancellationToken);
        if (!committed.IsOk)
            return committed.Error;
        manager.Scale(committed.Value);
        return DeploymentViews.View(committed.Value, manager.TryGet(name, out var live) ? live : null);
    }

    public async Task<Outcome<DeploymentView>> UpdateAsync(Caller caller, string name, UpdateDeploymentRequest request, CancellationToken cancellationToken)
    {
        var target = "deployment/" + name;
        DeploymentRecord? current;
        await using (var db = store.CreateContext())
            current = await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (Editable(caller, current, name, "updating deployments") is { } refused)
            return await audit.RefuseAsync(caller.User, "deployment.update", target, refused, cancellationToken);
        if (request.Version is < 1)
            return await audit.RefuseAsync(caller.User, "deployment.update", target, GantryError.Invalid("version must be a number from 1"), cancellationToken);
        var changed = Apply(current!, request);
        if ((CheckSettings(changed) ?? DeploymentRules.CheckLimits(changed.RateLimitRps, changed.RateLimitBurst, changed.PredictionQuota)) is { } bad)
            return await audit.RefuseAsync(caller.User, "deployment.update", target, GantryError.Invalid(bad), cancellationToken);
        if (request.Version is { } wanted && wanted != current!.ModelVersion)
        {
            var found = await FindModelAsync(caller, current.Model, wanted, cancellationToken);
            if (!found.IsOk)
                return await audit.RefuseAsync(caller.User, "deployment.update", target, found.Error, cancellationToken);
            if (await CheckLoadableAsync(current.Model, found.Value.Version, cancellationToken) is { } unloadable)
                return await audit.RefuseAsync(caller.User, "deployment.update", target, unloadable, cancellationToken);
        }

        var committed = await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Deployments.Find(name);
            if (Editable(caller, record, name, "updating deployments") is { } gone)
                return DataAudit.Refuse(scope, caller.User, "deployment.update", target, gone);
            var before = $"{record!.Model}@{record.ModelVersion}";
            record.ModelVersion = changed.ModelVersion;
            record.MaxBatch = changed.MaxBatch;
            record.MaxDelayMs = changed.MaxDelayMs;
            record.MaxQueueRows = changed.MaxQueueRows;
            record.DeadlineMs = changed.DeadlineMs;
            record.Device = changed.Device;
            record.IntraOpThreads = changed.IntraOpThreads;
            record.InterOpThreads = changed.InterOpThreads;
            record.RateLimitRps = changed.RateLimitRps;
            record.RateLimitBurst = changed.RateLimitBurst;
            record.PredictionQuota = changed.PredictionQuota;
            record.UpdatedBy = caller.User;
            record.UpdatedAtMs = scope.NowMs;
            scope.Audit(caller.User, "deployment.update", target, "ok",
                $"{before} -> {record.Model}@{record.ModelVersion}, max_batch {record.MaxBatch}, max_delay_ms {record.MaxDelayMs}, {record.Device}");
            return Outcome<DeploymentRecord>.Ok(record);
        }, cancellationToken);
        if (!committed.IsOk)
            return committed.Error;
        manager.Update(committed.Value);
        return DeploymentViews.View(committed.Value, manager.TryGet(name, out var live) ? live : null);
    }

    public async Task<Outcome<bool>> DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var target = "deployment/" + name;
        var deleted = await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Deployments.Find(name);
            if (Editable(caller, record, name, "deleting deployments") is { } refused)
                return DataAudit.Refuse(scope, caller.User, "deployment.delete", target, refused);
            scope.Db.Deployments.Remove(record!);
            foreach (var token in scope.Db.Tokens.Where(t => t.Deployment == name && t.RevokedAtMs == null))
                token.RevokedAtMs = scope.NowMs;
            scope.Audit(caller.User, "deployment.delete", target, "ok", $"{record!.Model}@{record.ModelVersion}");
            scope.AfterCommit(callers.Invalidate);
            return Outcome<bool>.Ok(true);
        }, cancellationToken);
        if (!deleted.IsOk)
            return deleted.Error;
        await manager.DeleteAsync(name);
        limiter.Forget(name);
        return true;
    }

    private static GantryError? Editable(Caller caller, DeploymentRecord? record, string name, string doing) =>
        record is null || !caller.CanSee(record.Project)
            ? GantryError.NotFound($"deployment '{name}' not found")
            : ProjectAccess.Require(caller, record.Project, Role.Member, doing);

    private static string? CheckSettings(DeploymentRecord r) =>
        DeploymentRules.CheckSettings(r.MaxBatch, r.MaxDelayMs, r.MaxQueueRows, r.DeadlineMs, r.Device, r.IntraOpThreads, r.InterOpThreads)
        ?? DeploymentRules.CheckLimits(r.RateLimitRps, r.RateLimitBurst, r.PredictionQuota);

    private static DeploymentRecord Apply(DeploymentRecord current, UpdateDeploymentRequest request) => new()
    {
        Name = current.Name,
        Project = current.Project,
        Model = current.Model,
        ModelVersion = request.Version ?? current.ModelVersion,
        Replicas = current.Replicas,
        MinReplicas = current.MinReplicas,
        MaxReplicas = current.MaxReplicas,
        MaxBatch = request.MaxBatch ?? current.MaxBatch,
        MaxDelayMs = request.MaxDelayMs ?? current.MaxDelayMs,
        MaxQueueRows = request.MaxQueueRows ?? Math.Max(current.MaxQueueRows, request.MaxBatch ?? 0),
        DeadlineMs = request.DeadlineMs ?? current.DeadlineMs,
        Device = request.Device ?? current.Device,
        IntraOpThreads = request.IntraOpThreads ?? current.IntraOpThreads,
        InterOpThreads = request.InterOpThreads ?? current.InterOpThreads,
        RateLimitRps = request.RateLimitRps ?? current.RateLimitRps,
        RateLimitBurst = request.RateLimitBurst ?? current.RateLimitBurst,
        PredictionQuota = request.PredictionQuota ?? current.PredictionQuota,
        State = current.State,
        CreatedBy = current.CreatedBy,
        UpdatedBy = current.UpdatedBy,
    };

    private async Task<Outcome<(ModelRecord Model, ModelVersionRecord Version)>> FindModelAsync(Caller caller, string model, int? version, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var found = await ModelService.FindVersionAsync(db, caller, model, version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest", cancellationToken);
        if (!found.IsOk)
            return found.Error;
        return ModelFiles.Servable(model, found.Value.Version) is { } refused ? refused : found.Value;
    }

    /// <summary>Writes the file and has ONNX Runtime read its signature: a model it cannot load is refused before anything is stored.</summary>
    private async Task<GantryError?> CheckLoadableAsync(string model, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var path = await files.MaterializeAsync(model, version, cancellationToken);
        if (!path.IsOk)
            return path.Error;
        var signature = ModelDeployment.ReadSignature(path.Value);
        return signature.IsOk ? null : GantryError.Invalid($"ONNX Runtime cannot load model {model}@{version.Version}: {signature.Error.Message}");
    }
}
