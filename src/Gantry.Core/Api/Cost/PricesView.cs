namespace Gantry.Core.Api.Cost;

/// <summary>Every node's rates, and the rates used for allocations on nodes no longer in the cluster.</summary>
public sealed record PricesView(string Currency, IReadOnlyList<NodePricesView> Nodes, IReadOnlyList<string> Notes);
