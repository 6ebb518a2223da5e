using Gantry.Scheduling.Policies;

namespace Gantry.Scheduling.Placements;

/// <summary>One placement question: the job, when it would end at the latest, and the reservations it must respect (none: null).</summary>
internal readonly record struct PlacementRequest(double End, ReservationBook? Reservations);
