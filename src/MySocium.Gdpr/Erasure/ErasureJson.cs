using System.Text.Json.Serialization;

namespace MySocium.Gdpr.Erasure;

/// <summary>Serializes stored receipts' steps without reflection.</summary>
[JsonSerializable(typeof(List<ErasureStepResult>))]
[JsonSerializable(typeof(List<ErasureParticipantResult>))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ErasureJson : JsonSerializerContext;
