import Foundation

/// One fuzz target: takes any bytes and must return without trapping. A broken invariant
/// is reported with ``violated(_:_:)``, which libFuzzer records as a crash.
struct FuzzTarget: Sendable {
    var name: String
    /// What the target feeds and what it asserts, for `--list`.
    var summary: String
    var run: @Sendable (UnsafeRawBufferPointer) -> Void
}

/// Every target, by name. scripts/fuzz/run runs each with `STEPWISE_FUZZ_TARGET=<name>`,
/// seeded from `Fuzz/Corpus/<name>/`.
let allTargets: [FuzzTarget] = [
    jsonTarget,
    csvTarget, rowsTarget, xmlTarget, archiveTarget, datasetFilesTarget,
    spieceModelTarget, tokenizerJSONTarget, tokenizeTarget,
    rationaleTarget,
    openAIResponseTarget, paperCompletionsTarget,
    mdsTarget,
    pipelineYAMLTarget, exemplarsTarget,
]

/// Stops the process the way libFuzzer notices (a trap), with the broken invariant on stderr.
func violated(_ target: String, _ message: String) -> Never {
    FileHandle.standardError.write(Data("\n[\(target)] invariant broken: \(message)\n".utf8))
    fatalError("[\(target)] \(message)")
}

private nonisolated(unsafe) var selected: FuzzTarget?

private func selectTarget() -> FuzzTarget {
    if let selected { return selected }
    let name = ProcessInfo.processInfo.environment["STEPWISE_FUZZ_TARGET"] ?? ""
    guard let target = allTargets.first(where: { $0.name == name }) else {
        let names = allTargets.map(\.name).joined(separator: " ")
        FileHandle.standardError.write(Data("set STEPWISE_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    selected = target
    return target
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let target = selectTarget()
    target.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

@main
struct FuzzMain {
    static func main() {
        if CommandLine.arguments.dropFirst().first == "--list" {
            for target in allTargets { print("\(target.name)\t\(target.summary)") }
            return
        }
        #if FUZZING
        // SwiftPM names the executable's entry point; hand it to libFuzzer's driver.
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
        #else
        // Without libFuzzer: run each file named on the command line once (a replay).
        _ = selectTarget()
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            data.withUnsafeBytes { raw in
                _ = fuzzOneInput(raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
            }
        }
        #endif
    }
}
