import ArgumentParser
import Foundation
import StepwiseTeacher

/// `stepwise teacher cache merge`: combines completion caches (one per rank of a
/// partitioned run) into one.
struct TeacherCacheMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Copy the completions of other caches into one cache.",
        discussion: """
            Each rank of a partitioned run (--world-size > 1) keeps its own cache, \
            teacher-cache.rank-00003.sqlite beside teacher-cache.sqlite, because SQLite's locking \
            does not work over network filesystems. Run this on one machine once the ranks are done \
            (or stopped) to gather their completions into the destination (--out OUT: its \
            teacher-cache.sqlite; --pipeline P.yaml; or --cache FILE), so a later run — with another \
            world size, or on one machine — asks for none of them again. Completions the destination \
            holds already are kept as they are; running it twice adds nothing.
            Exit codes: 0 success, 1 unreadable cache, 2 usage error.
            """)

    @Argument(help: "Caches to copy from (e.g. OUT/teacher-cache.rank-*.sqlite).")
    var sources: [String]

    @OptionGroup var location: CacheLocation

    func run() throws {
        let destination = try location.url()
        guard !sources.isEmpty else { throw UsageError("name at least one cache to merge") }
        let cache = try CompletionCache(path: destination)
        var total = 0
        for source in sources {
            let url = URL(fileURLWithPath: source)
            guard FileManager.default.fileExists(atPath: url.path) else { throw UsageError("no completion cache at \(source)") }
            if url.standardizedFileURL.path == destination.standardizedFileURL.path { continue }
            let result = try cache.merge(from: url)
            total += result.added
            print("\(source): \(result.added) added, \(result.present) already there")
        }
        print("\(destination.path): \(total) completions added")
    }
}
