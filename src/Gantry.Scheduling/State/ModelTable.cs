namespace Gantry.Scheduling.State;

/// <summary>
/// GPU model names as small ids, and which models a job's <c>gpu_type</c> accepts (cached per
/// distinct text). Matching follows <c>GpuTypeMatch</c>: ignoring case, spaces, '-' and '_', the model
/// must contain the wanted name; '|' separates alternatives ("V100M16|V100M32").
/// </summary>
internal sealed class ModelTable
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool[]> _masks = new(StringComparer.Ordinal);
    private bool[]? _any;

    public int Count => _names.Count;

    public string Name(int id) => _names[id];

    public int Intern(string model)
    {
        if (_ids.TryGetValue(model, out var id))
            return id;
        id = _names.Count;
        _names.Add(model);
        _ids[model] = id;
        return id;
    }

    /// <summary>For each model id, whether <paramref name="gpuType"/> accepts it (null accepts all).</summary>
    public bool[] Accepting(string? gpuType)
    {
        if (gpuType is null)
            return _any ??= Enumerable.Repeat(true, _names.Count).ToArray();
        if (_masks.TryGetValue(gpuType, out var mask))
            return mask;
        var wants = gpuType.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Normalize).Where(w => w.Length > 0).ToArray();
        mask = new bool[_names.Count];
        for (var i = 0; i < mask.Length; i++)
        {
            var model = Normalize(_names[i]);
            mask[i] = wants.Any(w => model.Contains(w, StringComparison.Ordinal));
        }

        _masks[gpuType] = mask;
        return mask;
    }

    private static string Normalize(string s) =>
        new(s.Where(c => c != ' ' && c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());
}
