namespace Gantry.Core.Hardware;

/// <summary>
/// The link matrix of <c>nvidia-smi topo -m</c>: for each pair of GPU indices, the connection
/// ("X" itself, "NV4" NVLink with 4 links, "PIX", "PXB", "PHB", "NODE", "SYS").
/// </summary>
public sealed record GpuTopology(IReadOnlyList<int> Gpus, IReadOnlyList<IReadOnlyList<string>> Links)
{
    public string Link(int a, int b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        return i < 0 || j < 0 ? "?" : Links[i][j];
    }

    public bool IsNvLink(int a, int b) => Link(a, b).StartsWith("NV", StringComparison.Ordinal);

    private int IndexOf(int gpu)
    {
        for (var i = 0; i < Gpus.Count; i++)
        {
            if (Gpus[i] == gpu)
                return i;
        }

        return -1;
    }
}
