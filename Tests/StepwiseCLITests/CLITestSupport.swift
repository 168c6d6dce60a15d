import Foundation
import Testing

/// The repository root, found from this file's path (`Tests/StepwiseCLITests/…`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct CLITestError: Error, CustomStringConvertible {
    var description: String
}

/// The `stepwise` executable under test: `$STEPWISE_BIN` if set, else the one SwiftPM
/// built next to the running test bundle (the test target depends on it).
func stepwiseExecutable() throws -> URL {
    if let override = ProcessInfo.processInfo.environment["STEPWISE_BIN"], !override.isEmpty {
        guard FileManager.default.isExecutableFile(atPath: override) else {
            throw CLITestError(description: "STEPWISE_BIN=\(override) is not an executable file")
        }
        return URL(fileURLWithPath: override)
    }
    var candidates: [URL] = []
    // On Linux the test bundle is an executable in the products directory; on macOS
    // it is `X.xctest/Contents/MacOS/X` inside it.
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
        candidates.append(directory.appendingPathComponent("stepwise"))
        directory = directory.deletingLastPathComponent()
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("stepwise"))
    }
    candidates.append(repositoryRoot.appendingPathComponent(".build/debug/stepwise"))
    let fm = FileManager.default
    if let found = candidates.first(where: { fm.isExecutableFile(atPath: $0.path) }) { return found }
    throw CLITestError(description: """
        the stepwise executable was not found (looked at \(candidates.map(\.path).joined(separator: ", "))); \
        build it with `swift build --product stepwise` or set STEPWISE_BIN
        """)
}

/// What one run of the executable did.
struct CommandResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }

    /// The standard output with every run of whitespace collapsed to one space, so
    /// assertions do not depend on where the help text wraps.
    var flatStdout: String { flatten(stdout) }
    var flatStderr: String { flatten(stderr) }
}

func flatten(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// Runs `stepwise ARGS` with stdin from /dev/null (or `input`), in `directory`, and
/// waits at most `timeout` seconds.
func stepwise(
    _ arguments: [String], in directory: URL? = nil, input: String? = nil, timeout: TimeInterval = 60
) throws -> CommandResult {
    let process = Process()
    process.executableURL = try stepwiseExecutable()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var environment = ProcessInfo.processInfo.environment
    environment["COLUMNS"] = "100"
    process.environment = environment

    // Files, not pipes: a large output cannot block the child.
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("stepwise-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    defer {
        try? outHandle.close()
        try? errHandle.close()
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    if let input {
        let inURL = scratch.appendingPathComponent("stdin")
        try Data(input.utf8).write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }

    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        if Date() > deadline {
            process.terminate()
            process.waitUntilExit()
            throw CLITestError(description: "stepwise \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s")
        }
        usleep(5_000)
    }
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

/// A fresh directory for one test.
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-cli-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let file = path(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A pipeline file on the repository's e-SNLI samples (or `source`), replay teacher.
func esnliPipeline(source: String? = nil, extraTeacher: String = "", extra: String = "") -> String {
    let root = repositoryRoot.path
    return """
        name: cli-test
        dataset:
          name: esnli
          format: official
          source: \(source ?? root + "/data/esnli")
          splits: [train, valid, test]
        prompt: {exemplars: \(root)/Pipelines/prompts/esnli.yaml, style: completion}
        teacher: {kind: replay, recordings: \(root)/data/esnli/recorded.jsonl\(extraTeacher)}
        parse: {mode: robust}
        tokenizer: {path: \(root)/data/tokenizer/sample.model, max_input_tokens: 1024, max_target_tokens: 256}
        output: {dir: out, compression: zstd}
        \(extra)
        """
}

/// The byte ranges of a file's lines, without their terminators (LF, or CR LF as in the
/// official CSV files). Works on bytes: Swift's `String` treats CR LF as one character,
/// so splitting text on "\n" would not find those line ends.
func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
        lines.append(start..<(i > start && bytes[i - 1] == 0x0D ? i - 1 : i))
        start = i + 1
    }
    if start < bytes.count { lines.append(start..<bytes.count) }
    return lines
}

/// Replaces line `number` (1-based) of a text file, keeping its terminator.
func replaceLine(_ number: Int, of file: URL, with line: String) throws {
    let bytes = [UInt8](try Data(contentsOf: file))
    let lines = lineRanges(bytes)
    guard lines.indices.contains(number - 1) else {
        throw CLITestError(description: "\(file.path) has \(lines.count) lines, no line \(number)")
    }
    let range = lines[number - 1]
    try Data(Array(bytes[..<range.lowerBound]) + Array(line.utf8) + Array(bytes[range.upperBound...])).write(to: file)
}
