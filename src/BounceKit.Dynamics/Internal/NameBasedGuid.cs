using System.Security.Cryptography;
using System.Text;

namespace BounceKit.Dynamics.Internal;

/// <summary>Name-based UUIDs, version 5 (RFC 9562 section 5.5): the same namespace and name always give the same id,
/// so anyone can recompute an id with a standard UUID library.</summary>
internal static class NameBasedGuid
{
    public static Guid Create(Guid namespaceId, string name)
    {
        int nameLength = Encoding.UTF8.GetByteCount(name);
        byte[] input = new byte[16 + nameLength];
        namespaceId.TryWriteBytes(input.AsSpan(0, 16), bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];

#pragma warning disable CA5350 // SHA-1 is what version 5 specifies; the id is an idempotency key, not a security measure.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // Version 5.
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // The RFC variant.
        return new Guid(hash[..16], bigEndian: true);
    }
}
