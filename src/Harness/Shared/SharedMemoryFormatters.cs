using MessagePack;
using MessagePack.Formatters;

namespace Harness.Shared;

/// <summary>
/// A <see cref="SharedMemory"/> or <see cref="ShareableList"/> crosses to a child by its name,
/// and the child opens the same block, as Python pickles them by name.
/// </summary>
internal sealed class SharedMemoryFormatter : IMessagePackFormatter<SharedMemory?>
{
    public void Serialize(ref MessagePackWriter writer, SharedMemory? value, MessagePackSerializerOptions options) =>
        writer.Write(value?.Name);

    public SharedMemory? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.ReadString() is { } name ? SharedMemory.Open(name) : null;
}

/// <inheritdoc cref="SharedMemoryFormatter"/>
internal sealed class ShareableListFormatter : IMessagePackFormatter<ShareableList?>
{
    public void Serialize(ref MessagePackWriter writer, ShareableList? value, MessagePackSerializerOptions options) =>
        writer.Write(value?.Shm.Name);

    public ShareableList? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.ReadString() is { } name ? ShareableList.Open(name) : null;
}
