// swift-tools-version: 6.0
//
// libFuzzer targets for everything Stepwise parses. Built apart from the main package,
// with coverage and AddressSanitizer, by scripts/fuzz/run (see Fuzz/README.md):
//
//   swift build --package-path Fuzz -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -use-ld=lld
//
// One executable holds every target; STEPWISE_FUZZ_TARGET picks the one a process runs.

import PackageDescription

let package = Package(
    name: "StepwiseFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Stepwise", path: "..")],
    targets: [
        .executableTarget(
            name: "StepwiseFuzz",
            dependencies: [
                .product(name: "StepwiseCore", package: "Stepwise"),
                .product(name: "StepwiseConfig", package: "Stepwise"),
                .product(name: "StepwiseLoaders", package: "Stepwise"),
                .product(name: "StepwisePrompting", package: "Stepwise"),
                .product(name: "StepwiseTeacher", package: "Stepwise"),
                .product(name: "StepwiseRationales", package: "Stepwise"),
                .product(name: "StepwiseTokenizer", package: "Stepwise"),
                .product(name: "StepwiseShards", package: "Stepwise"),
                .product(name: "StepwisePipeline", package: "Stepwise"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
