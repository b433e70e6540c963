using System.Buffers.Binary;
using System.Text;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// The test vectors of docs/envelope.md, computed by an independent implementation of that
/// document, decrypted through the library's own code path; and the library's own output
/// checked against the document.
/// </summary>
public sealed class EnvelopeVectorTests
{
    private const string V1Aegis256String =
        "010100000001404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        + "bc654133a35448ee7f8fbe8d175aea25f47d15c8bce0b4f0a3f60bf331db69d467152aa2b6f1ec08768facc95f16f9";

    private const string V1Base64 = "AQEAAAABQEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl+8ZUEzo1RI7n+Pvo0XWuol9H0VyLzgtPCj9gvzMdtp1GcVKqK28ewIdo+syV8W+Q==";

    private const string V2XChaCha20Poly1305Int32 =
        "010201020304404142434445464748494a4b4c4d4e4f5051525354555657f8ccbf47eff99b400500cfa0b02cdb69553f3fde";

    private const string V3Aes256GcmGuid =
        "010300000001404142434445464748494a4b85c729f581f85c50513db0ffd0fa824bed03f02f1f4572689b6f6c249794d5d8";

    private const string V4Aegis256EmptyString =
        "010100000001606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        + "a7f03aa0ad7b482b0e7a12ebf801a6cbab996f4ee1a68fe54fb6aaf83ccbdff7";

    private const string V5XChaCha20Poly1305NonAscii =
        "010200000007808182838485868788898a8b8c8d8e8f9091929394959697ab028f5620ba3e8962206261a42a17bc5dd232a89129e995ca";

    private const string V6Aes256GcmInt64 =
        "0103ffffffffa0a1a2a3a4a5a6a7a8a9aaab0cf072ef7488f32e43c9ca84aa117cb30d394d42654ee62a";

    private const string W1WrappedEncryptionKey =
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7"
        + "d650a84b31514d5a97834ba1ba4e1ff66e62b5b7802043626382839bb216521eea24636aec6c1464024ee61a7669ae05";

    private const string W2WrappedBlindIndexKey =
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7"
        + "ff0f6f93e39b5a320707193940a622170666016ed3cc1603dc1c1300df5407f28e3cf9f2bc9bbf094d7914b7c4dd9ea4";

    private const string AesUnsupported = "AES-256-GCM needs AES hardware support, which this machine lacks.";

    [Fact]
    public void Decrypt_V1_Aegis256String_ReturnsTheDocumentedValue()
    {
        Decrypt<string>(GdprEncryptionAlgorithm.Aegis256, "Person", "Email", V1Aegis256String).Should().Be("ada@example.org");
    }

    [Fact]
    public void Decrypt_V2_XChaCha20Poly1305Int32_ReturnsTheDocumentedValue()
    {
        Decrypt<int>(GdprEncryptionAlgorithm.XChaCha20Poly1305, "Person", "LoginCount", V2XChaCha20Poly1305Int32).Should().Be(0x12345678);
    }

    [Fact]
    public void Decrypt_V3_Aes256GcmGuid_ReturnsTheDocumentedValue()
    {
        Assert.SkipUnless(Aes256Gcm.IsSupported, AesUnsupported);

        Decrypt<Guid>(GdprEncryptionAlgorithm.Aes256Gcm, "Person", "ExternalId", V3Aes256GcmGuid)
            .Should().Be(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
    }

    [Fact]
    public void Decrypt_V4_Aegis256EmptyString_ReturnsEmpty()
    {
        Decrypt<string>(GdprEncryptionAlgorithm.Aegis256, "Person", "Email", V4Aegis256EmptyString).Should().BeEmpty();
    }

    [Fact]
    public void Decrypt_V5_NonAsciiValueAndColumnName_ReturnsTheDocumentedValue()
    {
        Decrypt<string>(GdprEncryptionAlgorithm.XChaCha20Poly1305, "Kunde", "Straße", V5XChaCha20Poly1305NonAscii).Should().Be("Zoë 🦊");
    }

    [Fact]
    public void Decrypt_V6_Aes256GcmInt64UnderKeyIdMax_ReturnsTheDocumentedValue()
    {
        Assert.SkipUnless(Aes256Gcm.IsSupported, AesUnsupported);

        Decrypt<long>(GdprEncryptionAlgorithm.Aes256Gcm, "Order", "Total", V6Aes256GcmInt64).Should().Be(-2);
    }

    [Fact]
    public void Seal_ByTheDocumentedSteps_ReproducesV1()
    {
        // The fuzz tests seal their envelopes this way; this ties that helper to the vectors.
        DocumentedEnvelope.Seal(DocumentedEnvelope.DataKey, 1, 1, "Person", "Email", "ada@example.org"u8, DocumentedEnvelope.Sequence(0x40, 32))
            .Should().Equal(Convert.FromHexString(V1Aegis256String));
    }

    [Fact]
    public void Decrypt_ColumnSetToAnotherAlgorithm_UsesTheAlgorithmTheEnvelopeNames()
    {
        // The setting chooses how new values are written; every stored value names its own algorithm.
        Decrypt<int>(GdprEncryptionAlgorithm.Aegis256, "Person", "LoginCount", V2XChaCha20Poly1305Int32).Should().Be(0x12345678);
    }

    [Fact]
    public void Decode_V1Base64_IsTheBinaryEnvelope()
    {
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, "Person", "Email");

        Base64Envelope.Decode(V1Base64, column).Should().Equal(Convert.FromHexString(V1Aegis256String));
        Convert.ToBase64String(Convert.FromHexString(V1Aegis256String)).Should().Be(V1Base64);
    }

    [Theory]
    [InlineData(V1Aegis256String, "Person", "Email", "616461406578616d706c652e6f7267")]
    [InlineData(V2XChaCha20Poly1305Int32, "Person", "LoginCount", "78563412")]
    [InlineData(V3Aes256GcmGuid, "Person", "ExternalId", "00112233445566778899aabbccddeeff")]
    [InlineData(V4Aegis256EmptyString, "Person", "Email", "")]
    [InlineData(V5XChaCha20Poly1305NonAscii, "Kunde", "Straße", "5a6fc3ab20f09fa68a")]
    [InlineData(V6Aes256GcmInt64, "Order", "Total", "feffffffffffffff")]
    public void Vector_OpenedByTheDocumentedSteps_GivesTheDocumentedPlaintext(string envelope, string entity, string property, string plaintext)
    {
        Assert.SkipWhen(envelope[3] == '3' && !Aes256Gcm.IsSupported, AesUnsupported);

        DocumentedEnvelope.Open(DocumentedEnvelope.DataKey, entity, property, Convert.FromHexString(envelope))
            .Should().Equal(Convert.FromHexString(plaintext));
    }

    [Theory]
    [InlineData(W1WrappedEncryptionKey, 1u, 1, 0x00)]
    [InlineData(W2WrappedBlindIndexKey, 2u, 2, 0x40)]
    public void Unwrap_WrappedKeyVector_GivesTheDocumentedDataKey(string wrapped, uint keyId, byte purpose, int firstByte)
    {
        using var root = RootKey.FromBytes(DocumentedEnvelope.RootKey);
        var dataKey = new byte[DataKey.Size];

        root.TryUnwrapDataKey(keyId, (DataKeyPurpose)purpose, Convert.FromHexString(wrapped), dataKey).Should().BeTrue();

        dataKey.Should().Equal(DocumentedEnvelope.Sequence(firstByte, 32));
    }

    [Theory]
    [InlineData(W1WrappedEncryptionKey, 1u, 2)]
    [InlineData(W1WrappedEncryptionKey, 2u, 1)]
    [InlineData(W2WrappedBlindIndexKey, 2u, 1)]
    [InlineData(W2WrappedBlindIndexKey, 1u, 2)]
    public void Unwrap_WrappedKeyVectorUnderAnotherIdOrPurpose_Fails(string wrapped, uint keyId, byte purpose)
    {
        using var root = RootKey.FromBytes(DocumentedEnvelope.RootKey);

        root.TryUnwrapDataKey(keyId, (DataKeyPurpose)purpose, Convert.FromHexString(wrapped), new byte[DataKey.Size]).Should().BeFalse();
    }

    [Fact]
    public void Unwrap_WrappedKeyVectorUnderAnotherRootKey_Fails()
    {
        using var root = RootKey.FromBytes(DocumentedEnvelope.Sequence(0x21, 32));

        root.TryUnwrapDataKey(1, DataKeyPurpose.Encryption, Convert.FromHexString(W1WrappedEncryptionKey), new byte[DataKey.Size]).Should().BeFalse();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Wrap_Output_HasTheDocumentedLayout(byte purpose)
    {
        using var root = RootKey.FromBytes(DocumentedEnvelope.RootKey);
        var dataKey = DocumentedEnvelope.Sequence(0x80, 32);

        var wrapped = root.WrapDataKey(0x01020304, (DataKeyPurpose)purpose, dataKey);
        var again = root.WrapDataKey(0x01020304, (DataKeyPurpose)purpose, dataKey);

        wrapped.Should().HaveCount(24 + 32 + 16);
        DocumentedEnvelope.Unwrap(DocumentedEnvelope.RootKey, 0x01020304, purpose, wrapped).Should().Equal(dataKey);
        wrapped.AsSpan(0, 24).SequenceEqual(again.AsSpan(0, 24)).Should().BeFalse("every wrapping takes a fresh nonce");
    }

    [Theory]
    [InlineData(GdprEncryptionAlgorithm.Aegis256, 32, 32)]
    [InlineData(GdprEncryptionAlgorithm.XChaCha20Poly1305, 24, 16)]
    [InlineData(GdprEncryptionAlgorithm.Aes256Gcm, 12, 16)]
    public void Encrypt_Output_HasTheDocumentedLayout(GdprEncryptionAlgorithm algorithm, int nonceSize, int tagSize)
    {
        Assert.SkipWhen(algorithm == GdprEncryptionAlgorithm.Aes256Gcm && !Aes256Gcm.IsSupported, AesUnsupported);
        using var ring = DocumentedEnvelope.VectorRing(currentId: 0x01020304);
        var column = new EncryptedColumn(ring, algorithm, "Person", "Email");
        var plaintext = "ada@example.org";

        var envelope = column.Encrypt(plaintext, Codec<string>());
        var again = column.Encrypt(plaintext, Codec<string>());

        envelope.Should().HaveCount(6 + nonceSize + Encoding.UTF8.GetByteCount(plaintext) + tagSize);
        envelope.AsSpan(0, 6).ToArray().Should().Equal(1, (byte)algorithm, 0x01, 0x02, 0x03, 0x04);
        DocumentedEnvelope.Open(DocumentedEnvelope.DataKey, "Person", "Email", envelope).Should().Equal(Encoding.UTF8.GetBytes(plaintext));
        again.AsSpan(6, nonceSize).SequenceEqual(envelope.AsSpan(6, nonceSize)).Should().BeFalse("every value takes a fresh nonce");
        envelope.AsSpan(6, nonceSize).IndexOfAnyExcept((byte)0).Should().NotBe(-1, "a nonce is random bytes, not zeros");
    }

    [Fact]
    public void Encrypt_EveryType_WritesTheDocumentedPlaintextEncoding()
    {
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.XChaCha20Poly1305, "Person", "Email");

        OpenedPlaintext(column, 0x12345678).Should().Equal(0x78, 0x56, 0x34, 0x12);
        OpenedPlaintext(column, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")).Should().Equal(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        OpenedPlaintext(column, string.Empty).Should().BeEmpty();
        OpenedPlaintext(column, true).Should().Equal(1);
    }

    [Theory]
    [InlineData("Person", "Email2")]
    [InlineData("Persons", "Email")]
    [InlineData("PersonE", "mail")]
    [InlineData("Person", "email")]
    [InlineData("", "PersonEmail")]
    public void Decrypt_VectorInAnotherColumn_FailsAuthentication(string entity, string property)
    {
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, entity, property);

        var decrypt = () => column.Decrypt(Convert.FromHexString(V1Aegis256String), Codec<string>());

        var failure = decrypt.Should().Throw<PersonalDataDecryptionException>().Which;
        failure.Message.Should().Be($"Cannot decrypt {entity}.{property} (key id 1): authentication failed: the value was altered, truncated, or copied from another column.");
        failure.Entity.Should().Be(entity);
        failure.Property.Should().Be(property);
        failure.KeyId.Should().Be(1);
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(0x01020304u)]
    [InlineData(0xFFFFFFFFu)]
    public void Decrypt_VectorRelabelledWithAnotherLoadedKeyIdOfTheSameMaterial_FailsAuthentication(uint keyId)
    {
        // Every vector key id holds the same material: only the header in the associated data tells them apart.
        var envelope = Convert.FromHexString(V1Aegis256String);
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(2), keyId);

        var failure = DecryptFailure(envelope);

        failure.KeyId.Should().Be(keyId);
        failure.Message.Should().Contain("authentication failed");
    }

    [Fact]
    public void Decrypt_VectorRelabelledWithAnUnknownKeyId_FailsNamingTheKey()
    {
        var envelope = Convert.FromHexString(V1Aegis256String);
        envelope[5] = 3;

        var failure = DecryptFailure(envelope);

        failure.KeyId.Should().Be(3);
        failure.Message.Should().Contain("no data key with this id is loaded");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Decrypt_VectorRelabelledWithAnotherAlgorithm_FailsAuthentication(byte algorithmId)
    {
        var envelope = Convert.FromHexString(V1Aegis256String);
        envelope[1] = algorithmId;

        DecryptFailure(envelope).Message.Should().Contain("authentication failed");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 2)]
    [InlineData(1, 0)]
    [InlineData(1, 4)]
    [InlineData(1, 255)]
    public void Decrypt_VectorWithAnUnknownVersionOrAlgorithm_Fails(int offset, byte value)
    {
        var envelope = Convert.FromHexString(V1Aegis256String);
        envelope[offset] = value;

        DecryptFailure(envelope).Message.Should().Contain(offset == 0 ? $"envelope format version {value} is unknown" : $"algorithm id {value} is unknown");
    }

    private static T Decrypt<T>(GdprEncryptionAlgorithm algorithm, string entity, string property, string envelope)
    {
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, algorithm, entity, property);
        return column.Decrypt(Convert.FromHexString(envelope), Codec<T>());
    }

    private static PersonalDataDecryptionException DecryptFailure(byte[] envelope)
    {
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, "Person", "Email");

        var decrypt = () => column.Decrypt(envelope, Codec<string>());

        var failure = decrypt.Should().Throw<PersonalDataDecryptionException>().Which;
        failure.Message.Should().StartWith("Cannot decrypt Person.Email").And.NotContain("ada@example.org");
        return failure;
    }

    private static byte[] OpenedPlaintext<T>(EncryptedColumn column, T value)
        => DocumentedEnvelope.Open(DocumentedEnvelope.DataKey, column.Entity, column.Property, column.Encrypt(value, Codec<T>()))!;

    private static PlaintextCodec<T> Codec<T>() => (PlaintextCodec<T>)PlaintextCodecs.For(typeof(T))!;
}
