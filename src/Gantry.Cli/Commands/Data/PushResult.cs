using Gantry.Core.Api.Data;

namespace Gantry.Cli.Commands.Data;

/// <summary>What a push did: the version committed (or found unchanged), the tree's size and how much was sent.</summary>
public sealed record PushResult(CommitView Commit, int Files, long SizeBytes, int Chunks, int ChunksSent, long BytesSent);
