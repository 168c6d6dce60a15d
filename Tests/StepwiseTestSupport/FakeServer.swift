import Foundation

/// Runs `scripts/teacher/fake_openai_server.py` on a free loopback port for one test
/// (shared by the teacher and CLI tests).
public final class FakeServer: @unchecked Sendable {
    let process: Process
    public let port: Int
    public let log: URL
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/teacher/fake_openai_server.py")

    /// Why the server cannot run here, or `nil` when it can.
    public static let unavailableReason: String? = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "--version"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do {
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { return "python3 is not available" }
        } catch {
            return "python3 is not available: \(error)"
        }
        return FileManager.default.fileExists(atPath: script.path) ? nil : "missing \(script.path)"
    }()

    /// - Parameter arguments: more of the server's options (`--sample-replies`, `--no-usage`, …).
    public init(
        faults: String = "", delay: Double = 0, reply: String? = nil, arguments: [String] = [], directory: URL
    ) throws {
        log = directory.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var args = ["python3", Self.script.path, "--port", "0", "--log", log.path, "--delay", String(delay)]
        if !faults.isEmpty { args += ["--faults", faults] }
        if let reply { args += ["--reply", reply] }
        args += arguments
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The first stdout line is the port.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw FakeServerError(message: "the fake server did not print its port")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child of a Swift process may start with SIGTERM blocked. And not
        // `waitUntilExit()`: it spins a run loop that can hang in a test's task.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The logged requests, in the order they finished.
    public func requests() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        let text = try String(contentsOf: log, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The raw log text.
    public func logText() throws -> String {
        FileManager.default.fileExists(atPath: log.path) ? try String(contentsOf: log, encoding: .utf8) : ""
    }
}

public struct FakeServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A fresh temporary directory for one test.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-teacher-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
