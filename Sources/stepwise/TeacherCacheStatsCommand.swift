import ArgumentParser
import Foundation
import StepwiseTeacher

/// `stepwise teacher cache …`.
struct TeacherCacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect the completion cache.", subcommands: [TeacherCacheStatsCommand.self])
}

/// `stepwise teacher cache stats`: what the completion cache holds.
struct TeacherCacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print the number of cached completions by model, origin and finish reason.")

    @Option(help: "The completion cache (default: $STEPWISE_CACHE or ~/.cache/stepwise/completions.sqlite).")
    var cache: String?

    func run() throws {
        let path = cache.map { URL(fileURLWithPath: $0) } ?? CompletionCache.defaultPath()
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw ValidationError("no completion cache at \(path.path)")
        }
        let stats = try CompletionCache(path: path).stats()
        let size = ((try? FileManager.default.attributesOfItem(atPath: path.path)[.size]) as? NSNumber)?.intValue ?? 0
        print("cache:        \(path.path)")
        print("completions:  \(stats.entries)")
        print("text:         \(stats.completionBytes) bytes (file \(size) bytes)")
        let formatter = ISO8601DateFormatter()
        if let oldest = stats.oldest, let newest = stats.newest {
            print("written:      \(formatter.string(from: Date(timeIntervalSince1970: oldest))) … \(formatter.string(from: Date(timeIntervalSince1970: newest)))")
        }
        for (title, rows) in [("by model", stats.byModel), ("by origin", stats.byOrigin), ("by finish reason", stats.byFinishReason)] where !rows.isEmpty {
            print("\(title):")
            for (name, count) in rows { print("  \(name)\t\(count)") }
        }
    }
}
