// swift-tools-version:6.1
import PackageDescription

/// Batchwire's benchmarks, outside the product graph: building or testing Batchwire never builds them, nor resolves
/// ordo-one/benchmark. Run every command from this folder (`Benchmarks/`); README's layout section lists them all.
///
/// - Micro-benchmarks (ordo-one/benchmark), in `Benchmarks/<Name>/<Name>.swift` (the folder the benchmark plugin
///   looks in): `swift package --disable-sandbox benchmark`.
///   - `CronBenchmark`: `next` per second of the cron engine, and parse + first `next`.
/// - Process benchmarks, executables in `Sources/<Name>/` that drive databases, the broker or a real
///   `batchwire serve`: `swift run -c release <Name>`. Their latencies are recorded in HdrHistogram.
///   - `LaunchBenchmark`, `StepKindBenchmark`, `SchedulerBenchmark`, `EventBenchmark`, `ClientBenchmark`,
///     `DashboardBenchmark`.
/// - `BenchmarkSupport`: what the process benchmarks share (latency histograms, environment readers).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "batchwire-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "batchwire", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // Micro-benchmarks: ordo-one/benchmark runs every executable target under Benchmarks/.
        .executableTarget(
            name: "CronBenchmark",
            dependencies: [
                .product(name: "BatchwireCron", package: "batchwire"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CronBenchmark",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // What the process benchmarks share.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),

        // Process benchmarks (`swift run -c release <Name>`).
        // Acknowledged QoS 1 publishes per second, and MySQL client round trips, against the services.
        .executableTarget(
            name: "ClientBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "MySQLClient", package: "batchwire"),
                .product(name: "MosquittoClient", package: "batchwire"),
            ],
            swiftSettings: swiftSettings
        ),
        // Startup, memory, idle CPU and fire lateness of the scheduler with 10,000 and 100,000 schedules.
        .executableTarget(
            name: "SchedulerBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "BatchwireRuntime", package: "batchwire"),
                .product(name: "BatchwireCore", package: "batchwire"),
                .product(name: "BatchwireStore", package: "batchwire"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Status change → subscriber latency and sustained events per second through the outbox.
        .executableTarget(
            name: "EventBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "BatchwireMQTT", package: "batchwire"),
                .product(name: "BatchwireStore", package: "batchwire"),
                .product(name: "BatchwireCore", package: "batchwire"),
                .product(name: "MosquittoClient", package: "batchwire"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The per-run cost of each step kind (true, noop, http, mqtt) through a real `batchwire serve`.
        .executableTarget(
            name: "StepKindBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "MosquittoClient", package: "batchwire"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Page render times of the dashboard with 100,000 executions in the store.
        .executableTarget(
            name: "DashboardBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "BatchwireDashboard", package: "batchwire"),
                .product(name: "BatchwireRuntime", package: "batchwire"),
                .product(name: "BatchwireStore", package: "batchwire"),
                .product(name: "BatchwireCore", package: "batchwire"),
                .product(name: "SQLiteClient", package: "batchwire"),
                .product(name: "MySQLClient", package: "batchwire"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Drives a real `batchwire serve` binary (--batchwire) on MariaDB and SQLite; see docs/operations.md.
        .executableTarget(
            name: "LaunchBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "MySQLClient", package: "batchwire"),
                .product(name: "MosquittoClient", package: "batchwire"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
