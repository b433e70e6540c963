using System.Text.Json.Serialization;

namespace MySocium.Gdpr.Erasure;

/// <summary>Serializes stored receipts' steps and results, and the journal's pending participants, without reflection.</summary>
[JsonSerializable(typeof(List<ErasureStepResult>))]
[JsonSerializable(typeof(List<ErasureParticipantResult>))]
[JsonSerializable(typeof(List<string>))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ErasureJson : JsonSerializerContext;
