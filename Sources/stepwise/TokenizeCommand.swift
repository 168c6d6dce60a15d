import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseTokenizer

/// `stepwise tokenize`: JSON lines in, JSON lines out, for checking the tokenizer against
/// other implementations and for benchmarking it.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize JSON strings from stdin (one per line) into JSON arrays of ids.",
        discussion: """
            Reads one JSON string per line on stdin and writes one JSON array of token ids per \
            line on stdout, in the same order. With --decode, reads JSON arrays of ids and writes \
            JSON strings. The tokenizer is a SentencePiece unigram model: spiece.model or an HF \
            tokenizer.json. Bytes on stdin that are not valid UTF-8 are read as U+FFFD, which \
            encodes as the unknown id. Exit status: 2 for a bad option or tokenizer file, 1 for a \
            bad input line.
            """)

    @Option(name: .long, help: "Path to spiece.model or tokenizer.json.")
    var tokenizer: String

    @Option(name: .long, help: "Truncate to this many ids (the EOS id stays last).")
    var maxLength: Int?

    @Flag(name: .long, help: "Do not append the EOS id.")
    var noEos = false

    @Flag(name: .long, help: "Decode JSON arrays of ids back to JSON strings instead.")
    var decode = false

    @Flag(name: .long, help: "With --decode: keep special tokens (</s>, <pad>, sentinels) in the text.")
    var keepSpecialTokens = false

    @Flag(inversion: .prefixedNo, help: "Remember the ids of words already seen, as `stepwise run` does (same ids; faster on natural text).")
    var wordCache = true

    @Option(name: .long, help: ArgumentHelp(
        "Benchmark instead: read all lines, encode them this many times on one thread, print timing as JSON.",
        valueName: "passes"))
    var benchmark: Int?

    func validate() throws {
        // Usage errors exit with 2, like a bad tokenizer file.
        if let benchmark, benchmark < 1 { try usageError("--benchmark must be at least 1 (got \(benchmark))") }
        if let maxLength, maxLength < 1 { try usageError("--max-length must be at least 1 (got \(maxLength))") }
        if decode && benchmark != nil { try usageError("--decode and --benchmark cannot be combined") }
    }

    private func usageError(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data("stepwise tokenize: \(message)\n".utf8))
        throw ExitCode(2)
    }

    func run() throws {
        let model: SentencePieceTokenizer
        do {
            model = try SentencePieceTokenizer(contentsOf: URL(fileURLWithPath: tokenizer))
        } catch {
            FileHandle.standardError.write(Data("stepwise tokenize: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let benchmark {
            try runBenchmark(model: model, passes: benchmark)
            return
        }
        let input = InputLines()
        let output = OutputBlocks()
        do {
            if decode {
                try decodeLines(input, model: model, output: output)
            } else {
                try encodeLines(input, model: model, output: output)
            }
            try output.flush()
        } catch let error as LineError {
            try? output.flush()
            FileHandle.standardError.write(Data("stepwise tokenize: stdin line \(input.lineNumber): \(error.message)\n".utf8))
            throw ExitCode(1)
        } catch {
            try? output.flush()
            let stream = error is InputLines.ReadError ? "stdin" : "stdout"
            FileHandle.standardError.write(Data("stepwise tokenize: \(stream): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// JSON strings in, arrays of ids out, with no `String` or array made per line.
    private func encodeLines(_ input: InputLines, model: SentencePieceTokenizer, output: OutputBlocks) throws {
        // Without the word cache, a session that caches nothing still reuses its buffers.
        let session = wordCache ? EncodingSession() : EncodingSession(capacity: 0)
        var strings = JSONStringLine()
        var ids: [Int32] = []
        ids.reserveCapacity(4096)
        // Read once: the property wrappers' getters look up generic metadata on every access.
        let addEOS = !noEos, maxLength = maxLength
        while let line = try input.next() {
            if line.isEmpty { continue }
            ids.removeAll(keepingCapacity: true)
            let read: Void? = strings.withText(of: line) { text in
                model.append(utf8: text, addEOS: addEOS, session: session, to: &ids)
            }
            guard read != nil else { throw LineError(message: "expected a JSON string") }
            if let maxLength, ids.count > maxLength {
                // As `encode(_:maxLength:)` truncates: EOS stays last.
                let last = ids[ids.count - 1]
                ids.removeSubrange(maxLength...)
                if addEOS { ids[maxLength - 1] = last }
            }
            try ids.withUnsafeBufferPointer { try output.appendIDArray($0) }
        }
    }

    private func decodeLines(_ input: InputLines, model: SentencePieceTokenizer, output: OutputBlocks) throws {
        while let line = try input.next() {
            if line.isEmpty { continue }
            try output.appendLine(try decodeLine(String(decoding: line, as: UTF8.self), model: model).utf8)
        }
    }

    private struct LineError: Error { let message: String }

    /// Times `encode` alone: input parsing happens before the clock starts.
    private func runBenchmark(model: SentencePieceTokenizer, passes: Int) throws {
        var texts: [String] = []
        let input = InputLines()
        var strings = JSONStringLine()
        do {
            while let line = try input.next() {
                if line.isEmpty { continue }
                guard let text = strings.withText(of: line, { String(decoding: $0, as: UTF8.self) }) else {
                    FileHandle.standardError.write(Data("stepwise tokenize: stdin line \(input.lineNumber): expected a JSON string\n".utf8))
                    throw ExitCode(1)
                }
                texts.append(text)
            }
        } catch let error as InputLines.ReadError {
            FileHandle.standardError.write(Data("stepwise tokenize: stdin: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let clock = ContinuousClock()
        let addEOS = !noEos, maxLength = maxLength
        var tokens = 0
        var best = Duration.seconds(Int64.max)
        for _ in 0..<passes {
            tokens = 0
            // A fresh session per pass: every pass starts with a cold word cache.
            let session = wordCache ? EncodingSession() : nil
            let elapsed = clock.measure {
                for text in texts { tokens += model.encode(text, addEOS: addEOS, maxLength: maxLength, session: session).count }
            }
            best = min(best, elapsed)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        print(#"{"texts": \#(texts.count), "bytes": \#(bytes), "tokens": \#(tokens), "seconds": \#(seconds), "#
            + #""tokens_per_second": \#(Double(tokens) / seconds), "passes": \#(passes)}"#)
    }

    private func decodeLine(_ line: String, model: SentencePieceTokenizer) throws(LineError) -> String {
        guard let array = (try? JSONValue(parsing: line))?.arrayValue else {
            throw LineError(message: "expected a JSON array of ids")
        }
        var ids: [Int32] = []
        for item in array {
            guard case .int(let number) = item, let id = Int32(exactly: number) else {
                throw LineError(message: "expected integer ids, found \(item.jsonText())")
            }
            ids.append(id)
        }
        return JSONValue.string(model.decode(ids, skipSpecialTokens: !keepSpecialTokens)).jsonText()
    }
}
