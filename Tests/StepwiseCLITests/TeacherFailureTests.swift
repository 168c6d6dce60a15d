import Foundation
import Testing

/// A teacher that answers nothing fails the run (exit 1, the cause on stderr) instead of
/// finishing with zero samples; its records stay pending for the next run.
@Suite struct TeacherFailureTests {
    /// A loopback port with nothing listening: every request is refused at once.
    private func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                guard bind(fd, sa, length) == 0, getsockname(fd, sa, &length) == 0 else {
                    throw CLITestError(description: "cannot bind a loopback port")
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func pipeline(port: Int, maxFailures: Int?) -> String {
        let root = repositoryRoot.path
        let allowance = maxFailures.map { ", max_failures: \($0)" } ?? ""
        return """
            name: teacher-down
            dataset: {name: esnli, format: official, source: \(root)/data/esnli, splits: [test]}
            prompt: {exemplars: \(root)/Pipelines/prompts/esnli.yaml, style: completion}
            teacher: {kind: openai, base_url: "http://127.0.0.1:\(port)/v1", model: m, max_retries: 1, timeout_s: 5\(allowance)}
            parse: {mode: robust}
            tokenizer: {path: \(root)/data/tokenizer/sample.model}
            output: {dir: out}
            """
    }

    @Test func aTeacherThatAnswersNothingFailsTheRunAndLeavesItsRecordsPending() throws {
        let scratch = try ScratchDirectory("teacher-down")
        defer { scratch.remove() }
        let port = try closedPort()
        try scratch.write("pipeline.yaml", pipeline(port: port, maxFailures: nil))
        let failed = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stderr.contains("no completion for"), "\(failed)")
        #expect(failed.stderr.contains("connection"), "\(failed)")
        #expect(failed.stderr.contains("rerun the same command"), "\(failed)")
        let record = try String(contentsOf: scratch.path("out/run.json"), encoding: .utf8)
        #expect(!record.contains(#""finished": true"#), "\(record)")

        // A plain rerun asks again (and fails again: the server is still down); --verbose
        // shows each retry and its cause.
        let again = try stepwise(["run", "pipeline.yaml", "--verbose"], in: scratch.url)
        #expect(again.status == 1, "\(again)")
        #expect(again.stderr.contains("no completion for"), "\(again)")
        #expect(again.stderr.contains("teacher: retry 1 of 1 for"), "\(again)")
        #expect(again.stderr.contains("connection error (http://127.0.0.1:\(port)/v1/completions)"), "\(again)")

        // With an allowance the run finishes, the failures filtered as teacher_failed.
        try scratch.write("pipeline.yaml", pipeline(port: port, maxFailures: 100))
        let lenient = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(lenient.status == 0, "\(lenient)")
        let rejects = try String(contentsOf: scratch.path("out/rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains("teacher_failed"), "\(rejects)")
    }

    @Test func anUnsetAPIKeyVariableIsAConfigurationError() throws {
        let scratch = try ScratchDirectory("teacher-no-key")
        defer { scratch.remove() }
        let text = pipeline(port: try closedPort(), maxFailures: nil)
            .replacingOccurrences(of: "model: m,", with: "model: m, api_key_env: STEPWISE_TEST_UNSET_KEY,")
        try scratch.write("pipeline.yaml", text)
        let result = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("STEPWISE_TEST_UNSET_KEY (api_key_env) is not set"), "\(result)")
    }
}
