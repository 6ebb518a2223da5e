namespace Gantry.Server.Data.Formats;

/// <summary>One protobuf field: its number, wire type, and either its scalar value or where its bytes lie.</summary>
internal readonly record struct ProtoField(int Number, int WireType, ulong Value, long Start, long Length)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public long End => Start + Length;
}
