// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "s175",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "s175", targets: ["s175"]),
        .library(name: "S175Kit", targets: ["S175Kit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev, found through pkg-config).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev", "pkg-config"])]
        ),
        // SQLite from the system (Debian: libsqlite3-dev), for the history store.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // SHA-256 blocks on the processor's SHA extensions, where it has them.
        .target(name: "CSHA256"),
        // The whole pipeline, one folder per stage.
        .target(
            name: "S175Kit",
            dependencies: ["CLibXML2", "CSQLite", "CSHA256", "Matching"]
        ),
        // Maximum-weight matching on general graphs; knows nothing about schools.
        .target(name: "Matching"),
        // Times the matching on a graph file, for bench/matching.
        .executableTarget(name: "matching-bench", dependencies: ["Matching"]),
        // The command line: parses flags, calls S175Kit, prints.
        .executableTarget(
            name: "s175",
            dependencies: [
                "S175Kit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "S175KitTests",
            dependencies: ["S175Kit"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Matching"]
        ),
        // Runs the built s175 binary on samples/ and compares its outputs with golden files.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["S175Kit"],
            exclude: ["Golden"]
        ),
    ]
)
