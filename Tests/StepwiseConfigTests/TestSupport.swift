import Foundation

/// Locations of the fixtures, the schema and the repository's pipeline files, found from
/// this file's path so the tests need no resources declared in Package.swift.
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let goodFixtures = testsDirectory.appendingPathComponent("Fixtures/good")
    static let badFixtures = testsDirectory.appendingPathComponent("Fixtures/bad")
    /// Mistakes a JSON Schema cannot express (pattern and template syntax, what a path
    /// names): the decoder rejects them, the schema cannot.
    static let decoderOnlyBadFixtures = testsDirectory.appendingPathComponent("Fixtures/bad-decoder-only")
    static let schema = repositoryRoot.appendingPathComponent("Schemas/pipeline.schema.json")
    static let schemaCheckScript = testsDirectory.appendingPathComponent("schema_check.py")
    static let pipelines = repositoryRoot.appendingPathComponent("Pipelines")

    /// The `.yaml` files directly inside `directory` (not in subfolders), sorted by name;
    /// empty when the directory does not exist.
    static func yamlFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { directory.appendingPathComponent($0) }
            .filter { url in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }

    /// The `# expect: …` lines of a bad fixture, in order.
    static func expectations(of url: URL) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard line.hasPrefix("# expect: ") else { return nil }
            return String(line.dropFirst("# expect: ".count))
        }
    }
}

/// A fresh, empty directory for one test; removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-config-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
