namespace Gantry.Core.Api.Data;

/// <summary>A model file's format, as detected from its bytes (never from its name).</summary>
public enum ModelFormat
{
    /// <summary>None of the formats below.</summary>
    Unknown,

    /// <summary>An ONNX ModelProto (protobuf); its signature is extracted.</summary>
    Onnx,

    /// <summary>safetensors: an 8-byte header length, a JSON header, then raw tensors.</summary>
    Safetensors,

    /// <summary>A TorchScript archive (zip with <c>constants.pkl</c> and <c>code/</c>).</summary>
    Torchscript,

    /// <summary>A PyTorch zip checkpoint (<c>torch.save</c>): a pickle inside a zip. Unsafe to load.</summary>
    PytorchZip,

    /// <summary>A Python pickle. Loading one runs arbitrary code: Gantry never loads it.</summary>
    Pickle,
}
