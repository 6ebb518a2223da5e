namespace Gantry.Scheduling.Policies;

/// <summary>
/// The jobs with a known end (time limit, or a grace period when terminating), in the order they
/// free their resources: the look-ahead for reservations and start estimates. Jobs without a time
/// limit are not here, since nothing can count on them ending.
/// </summary>
internal sealed class ReleaseTimeline
{
    private readonly List<Release> _entries = [];
    private bool _sorted = true;
    private List<Release> _terminating = [];
    private int _version;
    private int _terminatingVersion = -1;

    /// <summary>Changes whenever an entry is added or changed.</summary>
    public int Version => _version;

    public int Count => _entries.Count;

    public void Add(Release release)
    {
        _entries.Add(release);
        _sorted = false;
        _version++;
    }

    /// <summary>Call after changing an entry's end (a job preempted in this cycle ends sooner).</summary>
    public void Touch()
    {
        _sorted = false;
        _version++;
    }

    /// <summary>Only the jobs already asked to stop, in end order (a short list: preemption under way).</summary>
    public IReadOnlyList<Release> OrderedTerminating()
    {
        if (_terminatingVersion != _version)
        {
            _terminating = Ordered().Where(r => r.Terminating).ToList();
            _terminatingVersion = _version;
        }

        return _terminating;
    }

    public IReadOnlyList<Release> Ordered()
    {
        if (!_sorted)
        {
            _entries.Sort((a, b) => a.End != b.End ? a.End.CompareTo(b.End) : a.JobId.CompareTo(b.JobId));
            _sorted = true;
        }

        return _entries;
    }
}
