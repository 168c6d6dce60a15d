import ArgumentParser
import Foundation
import StepwiseTeacher

/// `stepwise teacher cache …`.
struct TeacherCacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect or merge completion caches.",
        subcommands: [TeacherCacheStatsCommand.self, TeacherCacheMergeCommand.self])
}

/// `stepwise teacher cache stats`: what the completion cache holds.
struct TeacherCacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print the number of cached completions by model, origin and finish reason.",
        discussion: """
            The cache is the one a run uses: `--out OUT` (its teacher-cache.sqlite), `--pipeline P.yaml` \
            (teacher.cache, or the cache in its output.dir) or `--cache FILE`.
            Exit codes: 0 success, 1 unreadable cache, 2 usage error (no such cache).
            """)

    @OptionGroup var location: CacheLocation

    func run() throws {
        let path = try location.url()
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw UsageError("no completion cache at \(path.path)")
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
        if stats.usage.completions > 0 {
            let u = stats.usage
            print("tokens:       \(u.promptTokens) prompt (\(u.cachedPromptTokens) cached) + \(u.completionTokens) completion, for \(u.completions) completions (\(u.estimatedCompletions) estimated)")
        }
        for (title, rows) in [("by model", stats.byModel), ("by origin", stats.byOrigin), ("by finish reason", stats.byFinishReason)] where !rows.isEmpty {
            print("\(title):")
            for (name, count) in rows { print("  \(name)\t\(count)") }
        }
    }
}
