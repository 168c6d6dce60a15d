import AsyncAlgorithms

/// A channel between two stages that holds at most `capacity` batches.
///
/// Back-pressure contract: ``send(_:)`` suspends while `capacity` batches are buffered
/// and not yet taken by the consumer, so a slow stage slows its producers and memory stays
/// bounded by `capacity × batch size`. Built from `AsyncThrowingChannel` (a rendezvous:
/// `send` waits for a receiver) and a `.bounded(capacity)` buffer on the receiving side.
///
/// ``finish()`` ends the stream after the buffered batches; ``fail(_:)`` makes the
/// consumer throw. If the sending task is cancelled, ``send(_:)`` throws
/// `CancellationError` instead of waiting.
public struct BoundedChannel<Element: Sendable>: Sendable {
    private let channel = AsyncThrowingChannel<Element, any Error>()
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity >= 1, "a channel holds at least one batch")
        self.capacity = capacity
    }

    /// Sends one element, suspending while the channel is full.
    public func send(_ element: Element) async throws {
        try Task.checkCancellation()
        await channel.send(element)
        try Task.checkCancellation()
    }

    /// Ends the stream; the consumer sees the buffered elements, then the end.
    public func finish() { channel.finish() }

    /// Ends the stream with an error that the consumer rethrows.
    public func fail(_ error: any Error) { channel.fail(error) }

    /// The receiving side. Iterate it from exactly one task.
    public var elements: AsyncBufferSequence<AsyncThrowingChannel<Element, any Error>> {
        // The buffer holds up to `capacity` elements; beyond that it stops pulling, so the
        // next `send` waits for the consumer.
        channel.buffer(policy: .bounded(capacity))
    }
}
