import DequeModule

/// Applies an async transform to a stream of batches with up to `workers` batches in
/// flight at once, and emits the results **in input order**.
///
/// Ordering guarantee: results are emitted in the order their inputs arrived, whatever
/// order the transforms finish in (a FIFO of in-flight tasks is awaited from its head).
/// Bounded: at most `workers` transforms run, and a new input is taken only when a slot is
/// free, so a slow `emit` (a full downstream channel) stops input from being consumed.
/// Cancellation of the calling task cancels every transform in flight.
public enum OrderedParallelMap {
    public static func run<Input: Sendable, Output: Sendable, S: AsyncSequence>(
        _ input: S,
        workers: Int,
        transform: @escaping @Sendable (Input) async throws -> Output,
        emit: (Output) async throws -> Void
    ) async throws where S.Element == Input {
        precondition(workers >= 1)
        if workers == 1 {
            for try await item in input {
                try Task.checkCancellation()
                try await emit(try await transform(item))
            }
            return
        }
        var inFlight = Deque<Task<Output, any Error>>()
        let box = TaskListBox()
        try await withTaskCancellationHandler {
            do {
                for try await item in input {
                    if inFlight.count == workers {
                        let head = inFlight.removeFirst()
                        try await emit(try await head.value)
                    }
                    try Task.checkCancellation()
                    let task = Task { try await transform(item) }
                    inFlight.append(task)
                    box.set(Array(inFlight))
                }
                while let head = inFlight.popFirst() {
                    try await emit(try await head.value)
                }
            } catch {
                for task in inFlight { task.cancel() }
                // Let cancelled transforms finish before returning, so no work outlives the run.
                for task in inFlight { _ = try? await task.value }
                throw error
            }
        } onCancel: {
            box.cancelAll()
        }
    }
}

import Synchronization

/// The tasks in flight, reachable from the cancellation handler.
private final class TaskListBox: Sendable {
    private let tasks = Mutex<[CancellableTask]>([])
    func set<T>(_ list: [Task<T, any Error>]) {
        tasks.withLock { $0 = list.map { task in CancellableTask { task.cancel() } } }
    }
    func cancelAll() {
        let list = tasks.withLock { $0 }
        for t in list { t.cancel() }
    }
}

private struct CancellableTask: Sendable {
    let cancel: @Sendable () -> Void
}
