import Foundation
import Synchronization

/// Shows how a run is going, from the stage counters of a ``RunMonitor``.
///
/// On a terminal it keeps one live block of lines (one per stage: records in/out/dropped,
/// records/s, ETA when the total is known, teacher requests in flight and cache hits);
/// otherwise it writes a plain log line on stderr every `interval`. `.quiet` prints nothing.
public final class ProgressReporter: Sendable {
    public enum Mode: Sendable, Equatable {
        case terminal
        case lines(interval: Duration)
        case quiet
    }

    private let monitor: RunMonitor
    private let mode: Mode
    private let label: String
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let drawnLines = Mutex(0)
    private let started = ContinuousClock.now

    public init(monitor: RunMonitor, mode: Mode, label: String) {
        self.monitor = monitor
        self.mode = mode
        self.label = label
    }

    /// `.terminal` when stderr is a terminal, plain lines every 10 s otherwise.
    public static func automaticMode(quiet: Bool) -> Mode {
        if quiet { return .quiet }
        return isatty(STDERR_FILENO) == 1 ? .terminal : .lines(interval: .seconds(10))
    }

    public func start() {
        let interval: Duration
        switch mode {
        case .quiet: return
        case .terminal: interval = .milliseconds(250)
        case .lines(let i): interval = i
        }
        let t = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                draw(final: false)
            }
        }
        task.withLock { $0 = t }
    }

    /// Stops the display and prints the final state once.
    public func stop() {
        let t = task.withLock { t -> Task<Void, Never>? in
            let old = t
            t = nil
            return old
        }
        t?.cancel()
        if mode != .quiet { draw(final: true) }
    }

    private func draw(final: Bool) {
        let snaps = monitor.snapshots()
        let elapsed = ContinuousClock.now - started
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        switch mode {
        case .quiet: return
        case .terminal:
            var text = ""
            let previous = drawnLines.withLock { $0 }
            if previous > 0 { text += "\u{1B}[\(previous)A" }
            let lines = [Self.header(label: label, seconds: seconds, final: final)]
                + snaps.map { Self.describe($0, seconds: seconds, showBusy: final) }
            for line in lines { text += "\u{1B}[2K" + line + "\n" }
            drawnLines.withLock { $0 = lines.count }
            FileHandle.standardError.write(Data(text.utf8))
        case .lines:
            let parts = snaps.map { Self.describe($0, seconds: seconds, showBusy: final) }.joined(separator: " | ")
            let line = "[\(label)] \(final ? "done" : "progress") \(String(format: "%.1f", seconds))s: \(parts)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    static func header(label: String, seconds: Double, final: Bool) -> String {
        "\(label) — \(final ? "finished" : "running") \(formatDuration(seconds))"
    }

    /// One stage's line, e.g. `teacher   in 1,200  out 1,180  dropped 20  4,310/s  in flight 4  cache hits 900`.
    static func describe(_ s: StageCounterSnapshot, seconds: Double, showBusy: Bool = false) -> String {
        var line = s.name.padding(toLength: 9, withPad: " ", startingAt: 0)
        if s.recordsIn > 0 { line += " in \(grouped(s.recordsIn))" }
        line += " out \(grouped(s.recordsOut))"
        if s.droppedTotal > 0 {
            let reasons = s.dropped.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
            line += " dropped \(grouped(s.droppedTotal)) (\(reasons.joined(separator: ", ")))"
        }
        let done = max(s.recordsIn, s.recordsOut)
        let rate = Double(done) / seconds
        line += " \(grouped(Int(rate)))/s"
        if let eta = eta(s) { line += eta }
        if let inFlight = s.gauges["requests_in_flight"] { line += " requests in flight \(inFlight)" }
        if let requests = s.counts["requests"] { line += " requests \(grouped(requests))" }
        if let retries = s.counts["retries"] { line += " retries \(grouped(retries))" }
        if let hits = s.counts["cache_hits"] { line += " cache hits \(grouped(hits))" }
        // Completions the server cut at max_tokens, and records left without one.
        if let cut = s.counts["finish_length"] { line += " cut at max_tokens \(grouped(cut))" }
        if let failed = s.counts["teacher_failed"] { line += " failed \(grouped(failed))" }
        // The teacher's tokens in this session, their rate, and what they cost.
        let tokens = (s.counts["prompt_tokens"] ?? 0) + (s.counts["completion_tokens"] ?? 0)
        if tokens > 0 {
            line += " tokens \(grouped(tokens)) (\(grouped(Int(Double(tokens) / seconds)))/s)"
            if let estimated = s.counts["estimated_usage"] { line += " estimated for \(grouped(estimated))" }
        }
        if let micros = s.counts["spent_micros"] { line += String(format: " spent %.4f", Double(micros) / 1e6) }
        // Busy time summed over the stage's workers: where the CPU went.
        if showBusy, s.busyNanoseconds > 0 { line += String(format: " busy %.1fs", s.busySeconds) }
        return line
    }

    /// ` 45% ETA 12s` from a stage's progress through its input: the time its current
    /// measurement has taken, scaled by what is left.
    static func eta(_ s: StageCounterSnapshot, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> String? {
        guard let total = s.progressTotal, total > 0 else { return nil }
        let fraction = min(1, Double(s.progressDone) / Double(total))
        var text = " \(Int(100 * fraction))%"
        let elapsed = Double(now &- s.progressStartNanoseconds) / 1e9
        if fraction > 0.001, fraction < 1, elapsed > 0 {
            text += " ETA " + formatDuration(elapsed * (1 - fraction) / fraction)
        }
        return text
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func formatDuration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}
