import Foundation

/// Runs `schema_check.py` (Python `jsonschema` + PyYAML) over pipeline files.
///
/// The interpreter is the first that can `import jsonschema, yaml` among
/// `${STEPWISE_VENV:-$HOME/.cache/stepwise/venv}/bin/python` and `python3` on the PATH.
/// When none can, ``available`` is false and ``unavailableReason`` says why; the
/// schema half of the agreement tests is then skipped with that reason printed.
struct SchemaChecker: Sendable {
    /// One file's verdict from the schema side.
    struct Verdict: Decodable, Sendable {
        let file: String
        let valid: Bool
        let errors: [String]
    }

    let python: String?
    let unavailableReason: String

    var available: Bool { python != nil }

    static let shared = SchemaChecker.find()

    private static func find() -> SchemaChecker {
        let environment = ProcessInfo.processInfo.environment
        let venv = environment["STEPWISE_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/stepwise/venv").path
        var candidates: [[String]] = []
        let venvPython = venv + "/bin/python"
        if FileManager.default.isExecutableFile(atPath: venvPython) { candidates.append([venvPython]) }
        candidates.append(["/usr/bin/env", "python3"])
        var reasons: [String] = []
        for candidate in candidates {
            let result = run(candidate + ["-c", "import jsonschema, yaml"])
            if result.status == 0 { return SchemaChecker(python: candidate.joined(separator: " "), unavailableReason: "") }
            let last = result.output.split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            reasons.append("\(candidate.last ?? "?"): \(last)")
        }
        return SchemaChecker(
            python: nil,
            unavailableReason: "schema half skipped: no Python with jsonschema and PyYAML ("
                + reasons.joined(separator: "; ") + "); install them with `pip install jsonschema pyyaml`")
    }

    /// Validates `files` against the schema; one verdict per file, in order.
    func check(_ files: [URL]) throws -> [Verdict] {
        guard let python else { return [] }
        if files.isEmpty { return [] }
        let command = python.split(separator: " ").map(String.init)
            + [TestPaths.schemaCheckScript.path, TestPaths.schema.path] + files.map(\.path)
        let result = Self.run(command)
        guard result.status == 0 else {
            throw CheckFailed(message: "schema_check.py exited \(result.status): \(result.output)")
        }
        return try result.output.split(separator: "\n").map {
            try JSONDecoder().decode(Verdict.self, from: Data($0.utf8))
        }
    }

    struct CheckFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs a command, returning its exit status and combined output.
    private static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "cannot start \(arguments[0]): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
