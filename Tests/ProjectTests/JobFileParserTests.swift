import BatchwireCore
import BatchwireRuntime
import Foundation
import Testing

@Suite struct JobFileParserTests {
    private let parser = JobFileParser()

    @Test func parsesAFullJob() throws {
        let yaml = """
            name: export
            description: Nightly export
            restartable: false
            incrementer: fire-time
            mqtt: { trigger: true }
            parameters:
              - { name: region, type: string, value: eu, identifying: true }
              - { name: limit, type: long, value: "10", identifying: false }
            lineage:
              inputs: [{ namespace: "mysql://db:3306", name: shop.orders }]
              outputs: [{ namespace: "s3://lake", name: orders/daily }]
            steps:
              - name: extract
                command: [/usr/bin/env, echo, hi]
                workdir: /tmp
                env: { MODE: fast }
                timeout: 1h30m
                retries: 2
                allowStartIfComplete: true
                startLimit: 3
                exitCodes:
                  3: { status: COMPLETED, exitCode: NOOP }
                  4: { status: failed }
              - name: shell-step
                command: "echo $HOME | wc -c"
                shell: true
            schedules:
              - cron: "30 2 * * *"
                zone: Europe/Berlin
                misfire: all
                overlap: cancel-running
              - every: 90s
                anchor: "2026-01-01T00:00:00Z"
                paused: true
            """
        let jobs = try parser.parse(yaml, file: "export.yaml")
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.name == "export")
        #expect(job.restartable == false)
        #expect(job.incrementer == .fireTime)
        #expect(job.mqttTrigger)
        #expect(job.parameters.map(\.name) == ["region", "limit"])
        #expect(job.parameters[1].identifying == false)
        #expect(job.inputs == [DatasetDefinition(namespace: "mysql://db:3306", name: "shop.orders")])
        #expect(job.outputs.first?.name == "orders/daily")
        #expect(job.steps[0].command == ["/usr/bin/env", "echo", "hi"])
        #expect(job.steps[0].timeoutSeconds == 5400)
        #expect(job.steps[0].environment == ["MODE": "fast"])
        #expect(job.steps[0].startLimit == 3)
        #expect(job.steps[0].exitCodes.entry(for: 3) == ExitCodeMapping.Entry(status: .completed, exitCode: "NOOP"))
        #expect(job.steps[0].exitCodes.entry(for: 4) == ExitCodeMapping.Entry(status: .failed, exitCode: "FAILED"))
        #expect(job.steps[0].exitCodes.entry(for: 0).status == .completed)
        #expect(job.steps[1].shell)
        #expect(job.schedules[0].trigger == .cron(expression: "30 2 * * *", dialect: "cron"))
        #expect(job.schedules[0].overlap == .cancelRunning)
        #expect(job.schedules[0].misfire == .all)
        #expect(job.schedules[1].trigger == .every(seconds: 90, anchor: "2026-01-01T00:00:00Z"))
        #expect(job.schedules[1].paused)
        #expect(job.schedules[0].location.line == 28)
    }

    @Test func parsesAJobsList() throws {
        let yaml = """
            jobs:
              - name: a
                steps: [{ name: s, command: [/bin/true] }]
              - name: b
                steps: [{ name: s, command: [/bin/true] }]
            """
        #expect(try parser.parse(yaml, file: "two.yaml").map(\.name) == ["a", "b"])
    }

    @Test(arguments: [
        // (yaml, line, fragment of the reason)
        ("name: a\nstepz: []\n", 2, "unknown key \"stepz\""),
        ("name: a\n", 1, "needs at least one step"),
        ("steps: [{ name: s, command: [/bin/true] }]\n", 1, "needs \"name\""),
        ("name: a\nincrementer: daily\nsteps: [{ name: s, command: [x] }]\n", 2, "use one of: run-id"),
        ("name: a\nsteps:\n  - name: s\n    command: \"echo hi\"\n", 4, "shell: true"),
        ("name: a\nsteps:\n  - name: s\n    command: [x]\n    timeout: soon\n", 5, "not a duration"),
        ("name: a\nsteps:\n  - name: s\n    command: [x]\n    retries: -1\n", 5, "at least 0"),
        ("name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - zone: UTC\n", 4, "needs \"cron\""),
        ("name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - cron: '* * * * *'\n    every: 5m\n", 4, "not both"),
        ("name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - cron: '* * * * *'\n    overlap: never\n", 5, "skip, queue"),
        ("name: a\nsteps: [{ name: s, command: [x] }, { name: s, command: [y] }]\n", 2, "two steps named"),
        ("name: a\n  bad: indent\n", 2, "invalid YAML"),
        ("", 1, "empty"),
        ("name: a\nsteps:\n  - name: s\n    command: [x]\n    exitCodes: { 300: { status: COMPLETED } }\n", 5, "0 to 255"),
        ("name: a\nsteps:\n  - name: s\n    command: [x]\n    exitCodes:\n      3: { status: DONE }\n", 6, "COMPLETED, FAILED or STOPPED"),
    ])
    func errorsNameTheLineAndReason(yaml: String, line: Int, reason: String) throws {
        let error = try #require(jobFileError(yaml), "expected an error for:\n\(yaml)")
        #expect(error.location.file == "jobs/broken.yaml")
        #expect(error.location.line == line, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.description.hasPrefix("jobs/broken.yaml:\(line):"))
    }

    @Test func scheduleCheckErrorsPointAtTheExpression() throws {
        let parser = JobFileParser { schedule, _ in
            if case .cron(let expression, _) = schedule.trigger, expression.contains("61") { return "minute: \"61\" is out of range 0-59" }
            return nil
        }
        let yaml = "name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - zone: UTC\n    cron: '61 * * * *'\n"
        #expect {
            _ = try parser.parse(yaml, file: "f.yaml")
        } throws: { error in
            let error = error as? JobFileError
            return error?.location.line == 5 && error?.reason.contains("out of range") == true
        }
    }
}

@Suite struct JobFileLoaderTests {
    private func temporaryDirectory(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchwire-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    @Test func aBadFileDoesNotHideTheGoodOnes() throws {
        let directory = try temporaryDirectory([
            "good.yaml": "name: good\nsteps: [{ name: s, command: [/bin/true] }]\n",
            "bad.yaml": "name: bad\nsteps: oops\n",
            "notes.txt": "not a job file",
            ".hidden.yaml": "garbage: [",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let set = JobFileLoader().load(directory: directory)
        #expect(set.jobs.map(\.name) == ["good"])
        #expect(set.errors.count == 1)
        #expect(set.errors.first?.location.file.hasSuffix("bad.yaml") == true)
        #expect(set.errors.first?.location.line == 2)
        #expect(set.files.count == 2)
    }

    @Test func aDuplicateNameNamesBothFiles() throws {
        let job = "name: same\nsteps: [{ name: s, command: [/bin/true] }]\n"
        let directory = try temporaryDirectory(["a.yaml": job, "b.yaml": job])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let set = JobFileLoader().load(directory: directory)
        #expect(set.jobs.count == 1)
        let error = try #require(set.errors.first)
        #expect(error.location.file.hasSuffix("b.yaml"))
        #expect(error.reason.contains("a.yaml"))
    }

    @Test func aMissingFolderIsAClearError() {
        let set = JobFileLoader().load(directory: "/nonexistent/batchwire-schedules")
        #expect(set.jobs.isEmpty)
        #expect(set.errors.first?.reason.contains("BATCHWIRE_SCHEDULES_DIR") == true)
    }

    @Test func theShippedExamplesLoadCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let set = JobFileLoader().load(directory: root.appendingPathComponent("schedules").path)
        #expect(set.errors.isEmpty, "\(set.errors)")
        #expect(set.jobs.count >= 4)
        #expect(set.jobs.allSatisfy { !$0.steps.isEmpty })
    }
}

@Suite struct ScheduleValidationTests {
    private let parser = JobFileParser(scheduleCheck: ScheduleValidation.check)

    @Test func cronErrorsComeFromTheEngineWithFieldAndToken() throws {
        let yaml = "name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - zone: UTC\n    cron: '0 0 32 * *'\n"
        #expect {
            _ = try parser.parse(yaml, file: "f.yaml")
        } throws: { error in
            let error = error as? JobFileError
            return error?.location.line == 5 && error?.reason.contains("day-of-month") == true
                && error?.reason.contains("32") == true
        }
    }

    /// `H(28-29)` in February 2027 fires only when `H` hashes to 28: whether the file is valid depends on
    /// the seed, which must be the scheduler's (the schedule's `hashSeed`, else the job's name).
    @Test func validationHashesHWithTheSeedTheSchedulerUses() throws {
        func yaml(job: String, hashSeed: String? = nil) -> String {
            "name: \(job)\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - cron: '0 0 0 H(28-29) 2 * 2027'\n"
                + (hashSeed.map { "    hashSeed: \($0)\n" } ?? "")
        }
        for (job, hashSeed) in [("job-x", nil), ("a", nil), ("b", nil), ("a", "b"), ("job-x", "a")] as [(String, String?)] {
            var schedule = ScheduleDefinition(
                trigger: .cron(expression: "0 0 0 H(28-29) 2 * 2027", dialect: "cron"),
                location: SourceLocation(file: "f", line: 1, column: 1))
            schedule.hashSeed = hashSeed
            let schedulerAccepts = (try? ScheduleTimeline(schedule, jobName: job)) != nil
            let validationAccepts = (try? parser.parse(yaml(job: job, hashSeed: hashSeed), file: "f.yaml")) != nil
            #expect(validationAccepts == schedulerAccepts, "job \(job), hashSeed \(hashSeed ?? "none")")
        }
        // Both outcomes occur, so the comparison above means something.
        #expect((try? parser.parse(yaml(job: "job-x"), file: "f.yaml")) != nil)
        #expect(throws: JobFileError.self) { _ = try parser.parse(yaml(job: "a"), file: "f.yaml") }
        #expect((try? parser.parse(yaml(job: "a", hashSeed: "b"), file: "f.yaml")) != nil)
    }

    @Test func anUnknownZoneIsAnError() {
        let yaml = "name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - cron: '0 9 * * *'\n    zone: Mars/Olympus\n"
        #expect(throws: JobFileError.self) { _ = try parser.parse(yaml, file: "f.yaml") }
    }

    @Test func timelinesGiveFiresInTheScheduleZone() throws {
        var schedule = ScheduleDefinition(
            trigger: .cron(expression: "30 2 * * *", dialect: "cron"),
            location: SourceLocation(file: "f", line: 1, column: 1)
        )
        schedule.zone = "Europe/Berlin"
        let timeline = try ScheduleTimeline(schedule, jobName: "job")
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-28T12:00:00Z"))
        // Berlin springs forward on 2026-03-29: 02:30 does not exist that day and shifts to 03:00 CEST.
        let fires = timeline.fires(after: start, count: 2).map(timeline.format)
        #expect(fires == ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"])
    }

    @Test func timelinesKeepToTheScheduleStartAndEnd() throws {
        let iso = ISO8601DateFormatter()
        var ended = ScheduleDefinition(
            trigger: .cron(expression: "0 9 * * *", dialect: "cron"), location: SourceLocation(file: "f", line: 1, column: 1))
        let endOf2000: Date = try #require(iso.date(from: "2001-01-01T00:00:00Z"))
        ended.end = endOf2000
        let now = try #require(iso.date(from: "2026-12-07T00:00:00Z"))
        let endedLine = try ScheduleTimeline(ended, jobName: "job")
        #expect(endedLine.fires(after: now, count: 3).isEmpty)
        #expect(endedLine.next(after: now) == nil)
        let before = try #require(iso.date(from: "2000-12-30T00:00:00Z"))
        #expect(endedLine.fires(after: before, count: 5).map(endedLine.format) == [
            "2000-12-30T09:00:00+00:00", "2000-12-31T09:00:00+00:00",
        ])

        var later = ScheduleDefinition(trigger: .every(seconds: 3600, anchor: nil), location: ended.location)
        let first: Date = try #require(iso.date(from: "2099-01-01T01:00:00Z"))
        let last: Date = try #require(iso.date(from: "2099-01-01T03:00:00Z"))
        later.start = first
        later.end = last
        let laterLine = try ScheduleTimeline(later, jobName: "job")
        #expect(laterLine.fires(after: now, count: 5).map(laterLine.format) == [
            "2099-01-01T01:00:00+00:00", "2099-01-01T02:00:00+00:00", "2099-01-01T03:00:00+00:00",
        ])
        #expect(laterLine.next(after: now).map(laterLine.format) == "2099-01-01T01:00:00+00:00")
    }

    /// Issue 15, item 17: docs/cron.md promised per-schedule daylight-saving rules that no job-file key set.
    @Test func aScheduleSetsItsOwnDaylightSavingRules() throws {
        func timeline(_ dst: String) throws -> ScheduleTimeline {
            let yaml = """
                name: a
                steps: [{ name: s, command: [x] }]
                schedules:
                  - cron: '30 2 * * *'
                    zone: Europe/Berlin
                \(dst)
                """
            let job = try parser.parse(yaml, file: "f.yaml").first
            return try ScheduleTimeline(try #require(job?.schedules.first), jobName: "a")
        }
        let iso = ISO8601DateFormatter()
        let spring = try #require(iso.date(from: "2026-03-28T12:00:00Z"))
        let autumn = try #require(iso.date(from: "2026-10-24T12:00:00Z"))
        let standard = try timeline("")
        #expect(standard.fires(after: spring, count: 1).map(standard.format) == ["2026-03-29T03:00:00+02:00"])
        #expect(standard.fires(after: autumn, count: 2).map(standard.format) == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
        let own = try timeline("    dst: { gap: skip, overlap: both }")
        #expect(own.fires(after: spring, count: 1).map(own.format) == ["2026-03-30T02:30:00+02:00"])
        #expect(own.fires(after: autumn, count: 2).map(own.format) == [
            "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
        ])
        let last = try timeline("    dst: { overlap: last }")
        #expect(last.fires(after: autumn, count: 1).map(last.format) == ["2026-10-25T02:30:00+01:00"])

        for (bad, reason) in [
            ("    dst: { gap: later }", "use one of: shift, skip"), ("    dst: { when: now }", "unknown key"),
        ] {
            #expect { _ = try timeline(bad) } throws: { error in
                (error as? JobFileError)?.reason.contains(reason) == true
            }
        }
        let every = "name: a\nsteps: [{ name: s, command: [x] }]\nschedules:\n  - every: 1h\n    dst: { gap: skip }\n"
        #expect { _ = try parser.parse(every, file: "f.yaml") } throws: { error in
            (error as? JobFileError)?.reason.contains("applies to cron schedules") == true
        }
    }

    @Test func everySchedulesCountFromTheirAnchor() throws {
        let schedule = ScheduleDefinition(
            trigger: .every(seconds: 90, anchor: "2026-01-01T00:00:30Z"),
            location: SourceLocation(file: "f", line: 1, column: 1)
        )
        let timeline = try ScheduleTimeline(schedule, jobName: "job")
        let start = try #require(ISO8601DateFormatter().date(from: "2026-01-01T00:01:00Z"))
        #expect(timeline.fires(after: start, count: 2).map(timeline.format) == [
            "2026-01-01T00:02:00+00:00", "2026-01-01T00:03:30+00:00",
        ])
    }
}
