// swift-tools-version: 6.0
//
// Stepwise: a streaming dataflow pipeline that prepares Distilling Step-by-Step
// training data. One library module per stage family, in data-flow order, plus the
// `stepwise` command-line tool. See README.md for the tour.

import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stepwise", targets: ["stepwise"]),
        .library(name: "StepwisePipeline", targets: ["StepwisePipeline"]),
        .library(name: "StepwiseParquet", targets: ["StepwiseParquet"]),
        // Each stage's module on its own, for the fuzz targets in Fuzz/ (and other tools).
        .library(name: "StepwiseCore", targets: ["StepwiseCore"]),
        .library(name: "StepwiseConfig", targets: ["StepwiseConfig"]),
        .library(name: "StepwiseLoaders", targets: ["StepwiseLoaders"]),
        .library(name: "StepwisePrompting", targets: ["StepwisePrompting"]),
        .library(name: "StepwiseTeacher", targets: ["StepwiseTeacher"]),
        .library(name: "StepwiseRationales", targets: ["StepwiseRationales"]),
        .library(name: "StepwiseTokenizer", targets: ["StepwiseTokenizer"]),
        .library(name: "StepwiseShards", targets: ["StepwiseShards"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The live teacher's HTTP/1.1 client: a keep-alive connection pool sized to teacher.concurrency.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Tests only: property-based checks of the invariants (resume, worker counts, ids).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // System libraries (Debian: libzstd-dev, libarchive-dev, libjemalloc-dev).
        .systemLibrary(
            name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CArchive", path: "Sources/CArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]),
        // The executable's allocator (see Sources/CJemalloc/shim.h); libraries and tests keep libc's.
        .systemLibrary(
            name: "CJemalloc", path: "Sources/CJemalloc", pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]),

        // Records, stages, bounded channels, the runner, counters, progress.
        .target(
            name: "StepwiseCore",
            dependencies: [
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Pipeline files: decoding, validation, did-you-mean.
        .target(
            name: "StepwiseConfig",
            dependencies: ["StepwiseCore", "Yams"]),
        // 1. Dataset loaders (official formats + the paper's JSON-lines export).
        .target(
            name: "StepwiseLoaders",
            dependencies: ["StepwiseCore", "StepwiseConfig", "CArchive"]),
        // 2. Few-shot chain-of-thought prompt assembly.
        .target(
            name: "StepwisePrompting",
            dependencies: ["StepwiseCore", "StepwiseConfig", "Yams"]),
        // 3. Teachers: OpenAI-compatible client, cache, replay, batch files.
        .target(
            name: "StepwiseTeacher",
            dependencies: [
                "StepwiseCore", "StepwiseConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // 4. Rationale parsing, label spaces and filters.
        .target(
            name: "StepwiseRationales",
            dependencies: ["StepwiseCore", "StepwiseConfig"]),
        // 5. T5 SentencePiece (unigram) tokenizer.
        .target(
            name: "StepwiseTokenizer",
            dependencies: ["StepwiseCore", .product(name: "Crypto", package: "swift-crypto")]),
        // 6. MDS shards with zstd: writer, reader, verify, stats; their Parquet copies.
        .target(
            name: "StepwiseShards",
            dependencies: [
                "StepwiseCore", "CZstd", "StepwiseParquet",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The datasets: one descriptor per dataset (readers, labels, answer rules, prompt
        // variables), the paper's five and the user's own described in a pipeline file.
        .target(
            name: "StepwiseDatasets",
            dependencies: ["StepwiseCore", "StepwiseConfig", "StepwiseLoaders", "StepwiseRationales", "StepwisePrompting"]),
        // Parquet files written by Stepwise itself (no Python in the data path).
        .target(
            name: "StepwiseParquet",
            dependencies: ["CZstd"]),
        // Wiring: builds the stage graph from a pipeline file, resume, run record.
        .target(
            name: "StepwisePipeline",
            dependencies: [
                "StepwiseCore", "StepwiseConfig", "StepwiseLoaders", "StepwisePrompting", "StepwiseDatasets",
                "StepwiseTeacher", "StepwiseRationales", "StepwiseTokenizer", "StepwiseShards", "StepwiseParquet",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        // What people read: the HTML report and the text export of a run's output.
        .target(
            name: "StepwiseReport",
            dependencies: ["StepwisePipeline", "StepwiseCore", "StepwiseShards", "StepwiseTokenizer", "StepwiseTeacher"]),
        // The command-line tool: one file per command.
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "StepwisePipeline", "StepwiseCore", "StepwiseConfig", "StepwiseLoaders", "StepwisePrompting", "StepwiseDatasets",
                "StepwiseTeacher", "StepwiseRationales", "StepwiseTokenizer", "StepwiseShards", "StepwiseReport",
                "CJemalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "StepwiseCoreTests", dependencies: ["StepwiseCore"]),
        .testTarget(
            name: "StepwiseConfigTests", dependencies: ["StepwiseConfig", "StepwisePipeline", "StepwiseDatasets"],
            exclude: ["Fixtures", "schema_check.py"]),
        .testTarget(name: "StepwiseLoadersTests", dependencies: ["StepwiseLoaders"]),
        .testTarget(name: "StepwisePromptingTests", dependencies: ["StepwisePrompting", "StepwiseConfig"]),
        // The fault-injecting OpenAI-compatible server, started by the teacher and CLI tests.
        .target(name: "StepwiseTestSupport", path: "Tests/StepwiseTestSupport"),
        .testTarget(name: "StepwiseTeacherTests", dependencies: ["StepwiseTeacher", "StepwiseTestSupport"]),
        .testTarget(name: "StepwiseRationalesTests", dependencies: ["StepwiseRationales"]),
        .testTarget(name: "StepwiseDatasetsTests", dependencies: ["StepwiseDatasets"]),
        .testTarget(
            name: "StepwiseTokenizerTests",
            dependencies: [
                "StepwiseTokenizer", "StepwiseCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "StepwiseShardsTests", dependencies: ["StepwiseShards", "StepwiseParquet"], exclude: ["Fixtures"]),
        .testTarget(name: "StepwiseParquetTests", dependencies: ["StepwiseParquet", "CZstd"], exclude: ["Fixtures"]),
        .testTarget(
            name: "StepwisePipelineTests",
            dependencies: [
                "StepwisePipeline", "StepwiseShards", "StepwiseParquet",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "StepwiseReportTests", dependencies: ["StepwiseReport", "StepwisePipeline", "StepwiseShards"]),
        .testTarget(name: "StepwiseCLITests", dependencies: ["stepwise", "StepwiseTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
