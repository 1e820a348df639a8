// swift-tools-version:6.1
import PackageDescription

/// Batchwire: a cron-driven batch scheduler with Spring Batch 5 metadata and MQTT events.
///
/// Modules, lowest first (a module only imports modules listed above it, and declares each one it imports:
/// `swift build --explicit-target-dependency-import-check error` passes):
/// - `CMariaDB`, `CMosquitto`, `CSQLite3`: system libraries (pkg-config), never products; imported `internal`ly
///   by their wrapper only.
/// - `ThreadExecutor`: a serial executor on a dedicated OS thread, for blocking C calls.
/// - `CivilTime`: proleptic Gregorian day arithmetic for the clients, Cron and Core (pure; no Foundation).
/// - `MySQLClient`, `MosquittoClient`, `SQLiteClient`: one small async wrapper per C client.
/// - `BatchwireConcurrency`: the primitives Batchwire's long-running loops share (a wake-up signal).
/// - `BatchwireCron`: the schedule-expression engine (pure; Foundation only).
/// - `BatchwireCore`: the Spring Batch domain (instances, executions, parameters, JOB_KEY, contexts) and the
///   events that report its changes, with their JSON form.
/// - `BatchwireStore`: the metadata store (JobRepository, JobExplorer) on MySQL and SQLite.
/// - `BatchwireMQTT`: what Batchwire publishes over MQTT: topic names, OpenLineage run events, the outbox
///   relay and node presence.
/// - `BatchwireListeners`: in-process listeners of job events: their registry and dispatcher, and the
///   listeners of every transport (log, MQTT, OpenLineage HTTP).
/// - `BatchwireRuntime`: configuration, job files, registry, launcher and step kinds, operator, scheduler,
///   event triggers.
/// - `BatchwireCommands`: the MQTT command interface: requests checked, carried out through the runtime's
///   `JobOperator`, and answered.
/// - `BatchwireHTTP`: the `/metrics` and `/health` endpoint (Hummingbird, Prometheus); other modules may add
///   routes to its server without it knowing them.
/// - `BatchwireDashboard`: the web dashboard and its JSON API (`/`, `/api/v1/…`): pages rendered with
///   swift-mustache, live updates by server-sent events, operations through the runtime's `JobOperator`.
/// - `BatchwireDaemon`: `batchwire serve` assembled from the above as services (swift-service-lifecycle).
/// - `batchwire`: the command line.
/// - `batchwire-step-supervisor`: a tiny C program between a node and each command step, so that the
///   step's process group dies with the node (`Steps/StepSupervisor.swift` finds and uses it).
///
/// The benchmarks are a package of their own, `Benchmarks/Package.swift`, outside this graph: building or testing
/// Batchwire never builds them. README's layout section lists each with its command.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "batchwire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "batchwire", targets: ["batchwire"]),
        .executable(name: "batchwire-step-supervisor", targets: ["batchwire-step-supervisor"]),
        .library(name: "BatchwireCron", targets: ["BatchwireCron"]),
        .library(name: "BatchwireCore", targets: ["BatchwireCore"]),
        .library(name: "BatchwireListeners", targets: ["BatchwireListeners"]),
        .library(name: "BatchwireRuntime", targets: ["BatchwireRuntime"]),
        // These exist for the benchmarks (Benchmarks/Package.swift), a package of their own that imports them.
        .library(name: "MySQLClient", targets: ["MySQLClient"]),
        .library(name: "MosquittoClient", targets: ["MosquittoClient"]),
        .library(name: "SQLiteClient", targets: ["SQLiteClient"]),
        .library(name: "BatchwireStore", targets: ["BatchwireStore"]),
        .library(name: "BatchwireMQTT", targets: ["BatchwireMQTT"]),
        .library(name: "BatchwireDashboard", targets: ["BatchwireDashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        // C libraries, found through pkg-config.
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Blocking work off the cooperative pool.
        .target(name: "ThreadExecutor", swiftSettings: swiftSettings),
        // Calendar arithmetic shared by the clients, the cron engine and the domain core.
        .target(name: "CivilTime", swiftSettings: swiftSettings),

        // One wrapper per C client.
        .target(
            name: "MySQLClient", dependencies: ["CMariaDB", "ThreadExecutor", "CivilTime"], swiftSettings: swiftSettings),
        .target(
            name: "MosquittoClient",
            dependencies: ["CMosquitto", "ThreadExecutor", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SQLiteClient", dependencies: ["CSQLite3", "ThreadExecutor", "CivilTime"], swiftSettings: swiftSettings),

        // Batchwire proper.
        .target(name: "BatchwireConcurrency", swiftSettings: swiftSettings),
        .target(name: "BatchwireCron", dependencies: ["CivilTime"], swiftSettings: swiftSettings),
        .target(name: "BatchwireCore", dependencies: ["CivilTime"], swiftSettings: swiftSettings),
        .target(
            name: "BatchwireStore",
            dependencies: ["BatchwireCore", "MySQLClient", "SQLiteClient", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireMQTT",
            dependencies: [
                "BatchwireConcurrency", "BatchwireCore", "BatchwireStore", "MosquittoClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireListeners",
            dependencies: [
                "BatchwireCore", "BatchwireStore", "BatchwireMQTT", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireRuntime",
            dependencies: [
                "BatchwireConcurrency", "BatchwireCron", "BatchwireCore", "BatchwireStore", "BatchwireMQTT",
                "BatchwireListeners", "MosquittoClient", "ThreadExecutor",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireCommands",
            dependencies: [
                "BatchwireRuntime", "BatchwireCore", "BatchwireStore", "BatchwireMQTT", "MosquittoClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireHTTP",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireDashboard",
            dependencies: ["BatchwireListeners", 
                "BatchwireRuntime", "BatchwireStore", "BatchwireCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatchwireDaemon",
            dependencies: ["BatchwireListeners", "BatchwireCommands", 
                "BatchwireRuntime", "BatchwireHTTP", "BatchwireDashboard", "BatchwireMQTT", "BatchwireStore", "BatchwireCore", "MosquittoClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "batchwire",
            dependencies: [
                "BatchwireRuntime", "BatchwireCore", "BatchwireStore", "BatchwireCron", "BatchwireDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Linked statically: SwiftPM links the Swift runtime into every executable, and loading it
        // dynamically for each step cost ~3 ms of CPU per step (a C compiler's build: under 1 ms; this too).
        .executableTarget(
            name: "batchwire-step-supervisor", cSettings: [.unsafeFlags(["-Wall", "-Werror"])],
            linkerSettings: [.unsafeFlags(["-static-executable"])]),

        // Test support without the runtime: whether the integration tests run (`.needs(.mysql)`), the one
        // reader of the BATCHWIRE_TEST_* variables, `eventually`, a process runner, store configurations on a
        // fresh schema, a private broker a test starts and stops, the vendored fixtures (Tests/Fixtures).
        .target(
            name: "BatchwireTestBasics",
            dependencies: ["BatchwireStore", "MosquittoClient", .product(name: "Logging", package: "swift-log")],
            path: "Tests/BatchwireTestBasics",
            swiftSettings: swiftSettings
        ),
        // Test support over the runtime: stores on a fresh schema (SQLite file or MariaDB prefix), a launcher
        // and operator over them; re-exports BatchwireTestBasics.
        .target(
            name: "BatchwireTestSupport",
            dependencies: ["BatchwireListeners", 
                "BatchwireTestBasics", "BatchwireStore", "BatchwireRuntime", "BatchwireCore", "MosquittoClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/BatchwireTestSupport",
            swiftSettings: swiftSettings
        ),

        // Tests. Integration tests talk to the real MariaDB, Galera and Mosquitto that scripts/services.sh starts,
        // read from its env file; without it they skip (`.needs(…)`), under BATCHWIRE_REQUIRE_SERVICES=1 they fail.
        .testTarget(name: "ThreadExecutorTests", dependencies: ["ThreadExecutor"], swiftSettings: swiftSettings),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"], swiftSettings: swiftSettings),
        .testTarget(name: "BatchwireConcurrencyTests", dependencies: ["BatchwireConcurrency"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BatchwireCronTests", dependencies: ["BatchwireTestBasics", "BatchwireCron", "CivilTime"], swiftSettings: swiftSettings),
        .testTarget(name: "BatchwireCoreTests", dependencies: ["BatchwireCore"], swiftSettings: swiftSettings),
        .testTarget(name: "SQLiteClientTests", dependencies: ["ThreadExecutor", "SQLiteClient"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["BatchwireTestBasics", "MySQLClient", "MosquittoClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireEventsTests",
            dependencies: ["MosquittoClient", "BatchwireListeners", "BatchwireTestBasics", "BatchwireCore", "BatchwireMQTT"],
            exclude: ["validate.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireMQTTIntegrationTests",
            dependencies: [.product(name: "Logging", package: "swift-log"), "BatchwireListeners", 
                "BatchwireMQTT", "BatchwireStore", "BatchwireCore", "MosquittoClient", "BatchwireRuntime", "BatchwireTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireStoreTests",
            dependencies: ["BatchwireTestBasics", "BatchwireStore", "BatchwireCore", "MySQLClient", "SQLiteClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireRuntimeTests",
            dependencies: [.product(name: "Logging", package: "swift-log"), "BatchwireListeners", "BatchwireRuntime", "BatchwireCore", "BatchwireStore", "BatchwireCron", "BatchwireTestSupport"],
            swiftSettings: swiftSettings
        ),
        // The http and mqtt step kinds against a Hummingbird server started in the test and the real Mosquitto.
        .testTarget(
            name: "BatchwireStepKindTests",
            dependencies: ["BatchwireListeners", 
                "BatchwireTestBasics", "BatchwireRuntime", "BatchwireCore", "BatchwireStore", "BatchwireMQTT", "MosquittoClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireCommandTests",
            dependencies: [.product(name: "Logging", package: "swift-log"), "BatchwireCommands", 
                "BatchwireTestBasics", "BatchwireRuntime", "BatchwireCore", "BatchwireStore", "BatchwireMQTT", "MosquittoClient",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatchwireHTTPTests",
            dependencies: [.product(name: "Logging", package: "swift-log"), 
                "BatchwireHTTP", "BatchwireTestBasics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The dashboard's API and pages through HummingbirdTesting, on SQLite and the real MariaDB.
        .testTarget(
            name: "BatchwireDashboardTests",
            dependencies: ["BatchwireListeners", 
                "BatchwireDashboard", "BatchwireRuntime", "BatchwireStore", "BatchwireCore", "BatchwireTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServeProcessTests",
            dependencies: ["BatchwireStore", "BatchwireCore", "MosquittoClient", "MySQLClient", "BatchwireTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectTests",
            dependencies: ["BatchwireListeners", 
                "BatchwireRuntime", "BatchwireCore", "BatchwireDaemon", "BatchwireMQTT", .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
