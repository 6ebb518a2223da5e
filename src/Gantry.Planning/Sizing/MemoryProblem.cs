using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;

namespace Gantry.Planning.Sizing;

/// <summary>A training memory question: this model at this sequence and micro-batch in this much memory per GPU; null choices are free.</summary>
internal sealed record MemoryProblem(
    double Params,
    ModelArchitecture Arch,
    int SeqLen,
    int MicroBatch,
    double CapacityBytes,
    int? ZeroStage,
    int? Tp,
    int? Pp,
    Recompute? Recompute,
    bool SequenceParallel);
