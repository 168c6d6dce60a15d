import Dispatch
import Foundation
import Logging
import StepwiseCore

/// Logging and signal handling shared by the commands.
enum CommandLogging {
    /// A logger writing to stderr: `info` by default, `debug` with --verbose, `warning` with --quiet.
    static func logger(verbose: Bool, quiet: Bool) -> Logger {
        var logger = Logger(label: "stepwise") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .debug : (quiet ? .warning : .info)
        return logger
    }

    /// Runs `body`, cancelling it on the first SIGINT/SIGTERM (stages stop promptly and what
    /// was committed stays); a second signal exits at once.
    static func runCancellable(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await body() }
        let queue = DispatchQueue(label: "stepwise.signals")
        var sources: [DispatchSourceSignal] = []
        let received = SignalCount()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                if received.increment() > 1 { exit(ExitStatus.runFailed) }
                FileHandle.standardError.write(
                    Data("\nstopping: finishing nothing new, keeping what is committed (signal again to exit now)\n".utf8))
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            throw InterruptedError()
        } catch let error as StageError where error.underlying is CancellationError {
            throw InterruptedError()
        }
        if task.isCancelled { throw InterruptedError() }
    }
}

/// The run was stopped by a signal; rerunning the same command resumes it.
struct InterruptedError: Error, CustomStringConvertible {
    var description: String { "interrupted; rerun the same command to resume from the last committed shard" }
}

private final class SignalCount: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
