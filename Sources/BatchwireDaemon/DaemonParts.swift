import BatchwireCommands
import BatchwireCore
import BatchwireDashboard
import BatchwireHTTP
import BatchwireListeners
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle

/// Everything one node runs, built from the configuration.
struct DaemonParts: Sendable {
    let store: MetadataStore
    let registry: JobRegistry
    let launcher: JobLauncher
    let jobOperator: JobOperator
    let scheduler: Scheduler<ContinuousClock>
    let dispatcher: ListenerDispatcher
    let client: MQTTClient?
    let services: [any Service]

    static func assemble(configuration: BatchwireConfiguration, logger: Logger) async throws -> DaemonParts {
        // First, so every metric made below is exported.
        let metrics = BatchwireMetrics.bootstrap()
        let (store, initialized) = try await StoreOpening.open(
            configuration, emptyDatabase: .policy(for: configuration.database))
        if initialized { logger.notice("created the metadata tables in the new embedded database") }

        let registry = JobRegistry()
        let loader = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
        let topics = try MQTTTopics(prefix: configuration.mqttTopicPrefix)

        var client: MQTTClient?
        var relay: OutboxRelay<ContinuousClock>?
        var presence: NodePresence?
        if let url = configuration.mqttURL {
            let node = NodePresence(topics: topics, node: configuration.nodeID)
            var settings = try BrokerSettings.configuration(configuration, url: url)
            settings.will = node.will()
            let mqtt = try MQTTClient(configuration: settings, logger: logger)
            client = mqtt
            presence = node
            var relaySettings = OutboxRelayConfiguration(topics: topics)
            relaySettings.retention = configuration.eventRetention
            relaySettings.deadLetterAfterAttempts = configuration.deadLetterAfter
            // Every node runs a relay over the shared outbox; only the lease holder publishes.
            relaySettings.lease = OutboxRelayLease(nodeID: configuration.nodeID, duration: .seconds(configuration.leaseSeconds))
            relay = OutboxRelay(
                store: store.state, client: mqtt, configuration: relaySettings, clock: ContinuousClock(), logger: logger)
        }
        // The dashboard's event streams are fed by this node's listener stream (only when it is served), and other
        // nodes' events by the dashboard's outbox tail below.
        let dashboardEvents = configuration.httpPort == nil ? nil : DashboardEventHub()
        let dispatcher = ListenerDispatcher(
            listeners: [NamedListener(name: "metrics", listener: RunMetricsListener())]
                + (dashboardEvents.map { [NamedListener(name: "dashboard", listener: $0)] } ?? [])
                + (try ListenerSetup.listeners(configuration: configuration, store: store, relay: relay, logger: logger)))

        var launch = LaunchConfiguration(nodeID: configuration.nodeID, logDirectory: StepLogDirectory.configured)
        launch.leaseDuration = .seconds(configuration.leaseSeconds)
        launch.leaseRenewInterval = .seconds(max(1, configuration.leaseSeconds / 3))
        launch.topicPrefix = configuration.mqttTopicPrefix
        launch.commandSteps.terminationGracePeriod = configuration.shutdownGrace
        launch.httpSteps.caFile = configuration.httpStepCAFile
        launch.httpSteps.certificateFile = configuration.httpStepCertFile
        launch.httpSteps.keyFile = configuration.httpStepKeyFile
        if launch.commandSteps.supervisor == nil {
            logger.warning(
                """
                no batchwire-step-supervisor next to batchwire: command steps will keep running if this node is \
                killed; install it beside the batchwire binary or set BATCHWIRE_STEP_SUPERVISOR to its path
                """)
        }
        let launcher = JobLauncher(
            store: store, configuration: launch, dispatcher: dispatcher, mqttClient: client, logger: logger)
        let jobOperator = JobOperator(launcher: launcher, registry: registry)
        var schedulerSettings = SchedulerConfiguration(nodeID: configuration.nodeID)
        schedulerSettings.claimAhead = configuration.claimAhead
        let scheduler = Scheduler(
            jobOperator: jobOperator, configuration: schedulerSettings, clock: ContinuousClock(), logger: logger)

        let watcher = JobFolderWatcher(
            directory: configuration.schedulesDirectory, registry: registry, loader: loader, clock: ContinuousClock()
        ) { changes, errors in
            for error in errors { logger.error("job file not loaded; its last good jobs keep running", metadata: ["error": "\(error)"]) }
            if !changes.isEmpty {
                logger.info(
                    "jobs reloaded",
                    metadata: ["added": "\(changes.added)", "changed": "\(changes.changed)", "removed": "\(changes.removed)"])
            }
            scheduler.refresh()
        }
        watcher.reload()

        var services: [any Service] = []
        var commands: CommandService?
        if let client, let relay, let presence {
            services.append(
                BrokerConnectionService(
                    client: client, logger: logger, onConnected: { _ in relay.notify() },
                    beforeDisconnect: { client in try? await presence.announceOffline(client: client) }))
            services.append(LoopService("node presence") { await presence.keepOnline(client: client, logger: logger) })
            let handler = MQTTCommandHandler(
                client: client, jobOperator: jobOperator,
                configuration: MQTTCommandConfiguration(topicPrefix: configuration.mqttTopicPrefix, nodeID: configuration.nodeID),
                logger: logger, onSchedulesChanged: { scheduler.refresh() })
            commands = CommandService(handler: handler, client: client, logger: logger)
            services.append(RelayService(relay: relay, outbox: store.state, flushTimeout: .seconds(10), logger: logger))
        }
        services.append(LoopService("folder watcher") { await watcher.run() })
        let recoveryInterval = configuration.recoveryInterval
        services.append(LoopService("recovery") { await jobOperator.runRecovery(every: recoveryInterval) })
        let housekeeping = Housekeeping(state: store.state, retention: configuration.eventRetention, logger: logger)
        services.append(LoopService("housekeeping") { await housekeeping.run() })
        if let port = configuration.httpPort, let dashboardEvents {
            let health = DaemonHealth(
                nodeID: configuration.nodeID, store: store, registry: registry, client: client,
                scheduleCounts: { scheduler.scheduleCounts() })
            var settings = DashboardConfiguration(nodeID: configuration.nodeID, operatorToken: configuration.httpOperatorToken)
            settings.stepLogDirectory = launch.commandSteps.logDirectory
            let dashboard = try Dashboard(
                jobOperator: jobOperator, configuration: settings, events: dashboardEvents,
                onSchedulesChanged: { scheduler.refresh() })
            let access = configuration.httpOperatorToken == nil ? "read-only" : "operations allowed with the token"
            services.append(
                ObservabilityServer(
                    host: configuration.httpHost, port: port, registry: metrics, logger: logger,
                    health: { await health.report() },
                    onListening: { port in
                        logger.info(
                            "serving /metrics and /health, and the dashboard at /",
                            metadata: ["port": "\(port)", "dashboard": "\(access)"])
                    },
                    additionalRoutes: { router in dashboard.addRoutes(to: router) }))
            services.append(LoopService("dashboard events") { await Self.finishOnShutdown(dashboardEvents) })
            // Other nodes' events reach the streams through the shared outbox, read only while a page listens.
            let tail = dashboard.outboxTail(logger: logger)
            services.append(LoopService("dashboard outbox tail") { await tail.run() })
            services.append(LoopService("dashboard totals") { await dashboard.keepTotalsFresh(logger: logger) })
        }
        services.append(SchedulerService(scheduler: scheduler, launcher: launcher, logger: logger))
        // After the scheduler, so they stop first: no trigger starts a run after the running ones were stopped.
        let triggers = TriggerDispatcher(
            jobOperator: jobOperator,
            configuration: TriggerConfiguration(nodeID: configuration.nodeID, leaseSeconds: Double(configuration.leaseSeconds)),
            logger: logger)
        services.append(LoopService("dataset triggers") { await DatasetTriggerWatcher(dispatcher: triggers).run() })
        services.append(LoopService("trigger recovery") {
            while !Task.isCancelled {
                try? await Task.sleep(for: recoveryInterval)
                await triggers.recoverUndecided()
            }
        })
        if let url = configuration.mqttURL {
            var settings = try BrokerSettings.configuration(configuration, url: url)
            // A kept session with a stable client id: messages published while this node is down wait for it.
            settings.clientID = "batchwire-triggers-\(configuration.nodeID)"
            settings.cleanStart = false
            settings.sessionExpiryInterval = 7 * 86_400
            services.append(TriggerService(dispatcher: triggers, registry: registry, settings: settings, logger: logger))
        }
        // Last, so it is shut down first: no command can start a run after the scheduler stopped the running ones.
        if let commands { services.append(commands) }
        return DaemonParts(
            store: store, registry: registry, launcher: launcher, jobOperator: jobOperator, scheduler: scheduler,
            dispatcher: dispatcher, client: client, services: services)
    }

    /// Waits until the service is cancelled (graceful shutdown), then ends the dashboard's event streams so the
    /// HTTP server, shut down after this service, can stop.
    private static func finishOnShutdown(_ events: DashboardEventHub) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        events.finish()
    }

    func close() async {
        await dispatcher.shutdown(gracePeriod: .seconds(2))
        await store.close()
    }
}
