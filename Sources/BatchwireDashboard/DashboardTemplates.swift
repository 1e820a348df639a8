import Mustache

/// The page templates (Mustache, compiled into the binary). `{{value}}` escapes `& < > " '`; the templates
/// never use the unescaped forms (`{{{…}}}`, `{{&…}}`), and a test checks they do not.
enum DashboardTemplates {
    static let all: [String: String] = [
        "header": header, "footer": footer, "jobs": jobs, "executions": executions, "execution": execution,
        "schedules": schedules, "nodes": nodes, "error": error,
    ]

    /// Every template, compiled.
    /// - Throws: the parser's error for a malformed template (a bug, caught by the tests).
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in all { try library.register(text, named: name) }
        return library
    }

    static let header = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · Batchwire</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        <script src="/assets/dashboard.js" defer></script>
        </head>
        <body data-operable="{{chrome.operable}}">
        <header>
        <strong>Batchwire</strong>
        <nav>
        <a href="/"{{#chrome.onJobs}} class="active"{{/chrome.onJobs}}>Jobs</a>
        <a href="/executions"{{#chrome.onExecutions}} class="active"{{/chrome.onExecutions}}>Executions</a>
        <a href="/schedules"{{#chrome.onSchedules}} class="active"{{/chrome.onSchedules}}>Schedules</a>
        <a href="/nodes"{{#chrome.onNodes}} class="active"{{/chrome.onNodes}}>Nodes</a>
        </nav>
        <span class="node">node {{chrome.nodeID}}</span>
        {{#chrome.operable}}<label class="token">operator token <input id="token" type="password" autocomplete="off"></label>{{/chrome.operable}}
        {{^chrome.operable}}<span class="readonly" title="set http-operator-token to allow operations">read-only</span>{{/chrome.operable}}
        <span id="live-state" class="live">live</span>
        </header>
        <p id="message" role="status"></p>
        <main id="live">
        """

    static let footer = """
        </main>
        </body>
        </html>
        """

    static let jobs = """
        {{> header}}
        <h1>Jobs</h1>
        <table id="jobs">
        <thead><tr><th>job</th><th>latest</th><th>last start</th><th>last end</th><th>next fire (UTC)</th>
        <th>completed</th><th>failed</th><th>total</th><th>avg</th><th>schedules</th>{{#chrome.operable}}<th>operations</th>{{/chrome.operable}}</tr></thead>
        <tbody>
        {{#jobs}}{{#job}}
        <tr class="job" data-job="{{name}}">
        <td><a class="job-name" href="/executions?job={{queryName}}">{{name}}</a>{{#description}}<div class="muted">{{.}}</div>{{/description}}{{^registered}}<div class="muted">not in a job file here</div>{{/registered}}</td>
        <td>{{#latest}}<a href="/executions/{{id}}" class="status {{status}}" data-execution="{{id}}">{{status}}</a>{{/latest}}{{^latest}}-{{/latest}}</td>
        <td>{{#latest}}{{startTime}}{{/latest}}</td>
        <td>{{#latest}}{{endTime}}{{/latest}}</td>
        <td>{{nextFire}}</td>
        <td>{{completedCount}}</td><td>{{failedCount}}</td><td>{{totalCount}}</td><td>{{averageDuration}}</td>
        <td>{{scheduleCount}}{{#paused}} <span class="paused">paused{{#pauseReason}}: <span class="reason">{{pauseReason}}</span>{{/pauseReason}}</span>{{/paused}}</td>
        {{#chrome.operable}}<td>{{#registered}}
        <input class="params" type="text" placeholder="k=v k2=v2" data-for="{{name}}">
        <button data-op="start" data-job="{{name}}">start</button>
        <button data-op="start-next" data-job="{{name}}">start next</button>
        {{^equalzero(scheduleCount)}}{{#paused}}<button data-op="resume" data-schedule="{{name}}">resume</button>{{/paused}}{{^paused}}<input class="reason" type="text" placeholder="pause reason" data-for="{{name}}"><button data-op="pause" data-schedule="{{name}}">pause</button>{{/paused}}{{/equalzero(scheduleCount)}}
        {{/registered}}</td>{{/chrome.operable}}
        </tr>
        {{/job}}{{/jobs}}
        </tbody>
        </table>
        {{^jobs}}<p>No jobs: add job files to the schedules folder.</p>{{/jobs}}
        {{> footer}}
        """

    static let executions = """
        {{> header}}
        <h1>Executions</h1>
        <form class="filter" method="get" action="/executions">
        <label>job <input name="job" value="{{filter.job}}"></label>
        <label>status <select name="status"><option value="">any</option>{{#statuses}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select></label>
        <label>created from <input name="from" value="{{filter.from}}" placeholder="2026-12-01T00:00"></label>
        <label>before <input name="to" value="{{filter.to}}" placeholder="2026-12-08T00:00"></label>
        <label>parameter value <input name="param" value="{{filter.param}}"></label>
        <button type="submit">filter</button>
        </form>
        <table id="executions">
        <thead><tr><th>execution</th><th>job</th><th>instance</th><th>status</th><th>exit</th><th>created</th><th>started</th><th>ended</th><th>duration</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr class="execution" data-execution="{{id}}">
        <td><a href="/executions/{{id}}">{{id}}</a></td><td>{{jobName}}</td><td>{{instanceId}}</td>
        <td class="status {{status}}">{{status}}</td><td>{{exitCode}}</td><td>{{createTime}}</td><td>{{startTime}}</td><td>{{endTime}}</td><td>{{duration}}</td>
        </tr>
        {{/rows}}
        </tbody>
        </table>
        {{^rows}}<p>No executions match.</p>{{/rows}}
        {{#olderLink}}<p><a id="older" href="{{olderLink}}">older executions</a></p>{{/olderLink}}
        {{> footer}}
        """

    static let execution = """
        {{> header}}
        {{#detail}}
        {{#execution}}
        <h1>Execution {{id}} of <a href="/executions?job={{queryJob}}">{{jobName}}</a></h1>
        <p><span id="execution-status" class="status {{status}}">{{status}}</span> exit {{exitCode}} · instance {{instanceId}} · created {{createTime}} · started {{startTime}} · ended {{endTime}} · {{duration}}</p>
        {{#chrome.operable}}<p class="operations">
        {{#isStoppable}}<button data-op="stop" data-execution="{{id}}">stop</button>{{/isStoppable}}
        {{#canRestart}}<button data-op="restart" data-execution="{{id}}">restart</button>{{/canRestart}}
        {{#isAbandonable}}<button data-op="abandon" data-execution="{{id}}">abandon</button>{{/isAbandonable}}
        </p>{{/chrome.operable}}
        {{/execution}}
        {{^empty(exitDescription)}}<h2>Exit description</h2><pre class="exit">{{exitDescription}}</pre>{{/empty(exitDescription)}}
        <h2>Parameters</h2>
        <table id="parameters"><thead><tr><th>name</th><th>value</th><th>type</th><th>identifying</th></tr></thead><tbody>
        {{#parameters}}<tr><td>{{name}}</td><td>{{value}}</td><td>{{type}}</td><td>{{identifying}}</td></tr>{{/parameters}}
        </tbody></table>
        <h2>Steps</h2>
        <table id="steps"><thead><tr><th>step</th><th>status</th><th>exit</th><th>read</th><th>written</th><th>commits</th><th>filtered</th><th>skipped</th><th>rollbacks</th><th>started</th><th>ended</th><th>duration</th></tr></thead><tbody>
        {{#steps}}<tr class="step" data-step="{{id}}"><td>{{name}}</td><td class="status {{status}}">{{status}}</td><td>{{exitCode}}</td><td>{{readCount}}</td><td>{{writeCount}}</td><td>{{commitCount}}</td><td>{{filterCount}}</td><td>{{skipCount}}</td><td>{{rollbackCount}}</td><td>{{startTime}}</td><td>{{endTime}}</td><td>{{duration}}</td></tr>{{/steps}}
        </tbody></table>
        {{#steps}}
        {{^empty(exitDescription)}}<h3>Step {{name}}: exit message</h3><pre>{{exitDescription}}</pre>{{/empty(exitDescription)}}
        {{#logTail}}<h3>Step {{name}}: log tail</h3><pre class="log">{{logTail}}</pre>{{/logTail}}
        {{^empty(context)}}<h3>Step {{name}}: context</h3>{{/empty(context)}}
        {{#context}}<div class="context"><code>{{key}}</code> = <code>{{value}}</code></div>{{/context}}
        {{/steps}}
        {{^empty(context)}}<h2>Job context</h2>{{/empty(context)}}
        {{#context}}<div class="context"><code>{{key}}</code> = <code>{{value}}</code></div>{{/context}}
        {{/detail}}
        {{> footer}}
        """

    static let schedules = """
        {{> header}}
        <h1>Schedules</h1>
        <table id="schedules">
        <thead><tr><th>schedule</th><th>trigger</th><th>policies</th><th>state</th><th>next fires (UTC)</th><th>last fire</th><th>last outcome</th><th>not started</th>{{#chrome.operable}}<th>operations</th>{{/chrome.operable}}</tr></thead>
        <tbody>
        {{#schedules}}
        <tr class="schedule" data-schedule="{{id}}">
        <td>{{id}}</td><td>{{trigger}}</td><td>{{policies}}</td>
        <td>{{#paused}}<span class="paused">paused{{#pauseReason}}: <span class="reason">{{pauseReason}}</span>{{/pauseReason}}</span>{{/paused}}{{^paused}}active{{/paused}}</td>
        <td>{{#nextFires}}<div>{{.}}</div>{{/nextFires}}</td>
        <td>{{lastFireTime}}</td>
        <td>{{lastOutcome}}{{#lastExecutionId}} (<a href="/executions/{{lastExecutionId}}">{{lastExecutionId}}</a>){{/lastExecutionId}}</td>
        <td>{{#notStarted}}<div>{{fireTime}} on {{node}}: {{outcome}}</div>{{/notStarted}}</td>
        {{#chrome.operable}}<td>{{#paused}}<button data-op="resume" data-schedule="{{id}}">resume</button>{{/paused}}{{^paused}}<input class="reason" type="text" placeholder="pause reason" data-for="{{id}}"><button data-op="pause" data-schedule="{{id}}">pause</button>{{/paused}}</td>{{/chrome.operable}}
        </tr>
        {{/schedules}}
        </tbody>
        </table>
        {{^schedules}}<p>No schedules.</p>{{/schedules}}
        {{> footer}}
        """

    static let nodes = """
        {{> header}}
        <h1>Nodes</h1>
        {{#view}}
        <p>relay lease: {{#relayLeaseHolder}}held by <strong id="lease-holder">{{relayLeaseHolder}}</strong> until {{relayLeaseExpiresAt}}{{/relayLeaseHolder}}{{^relayLeaseHolder}}held by no node{{/relayLeaseHolder}}</p>
        <table id="nodes">
        <thead><tr><th>node</th><th>host</th><th>started</th><th>last heartbeat</th><th>age</th><th>relay</th></tr></thead>
        <tbody>
        {{#nodes}}<tr class="node-row"><td>{{id}}</td><td>{{hostName}}</td><td>{{startedAt}}</td><td>{{heartbeatAt}}</td><td>{{heartbeatAgeSeconds}}s</td><td>{{#holdsRelayLease}}holds the lease{{/holdsRelayLease}}</td></tr>{{/nodes}}
        </tbody>
        </table>
        {{^nodes}}<p>No node has sent a heartbeat.</p>{{/nodes}}
        {{/view}}
        {{> footer}}
        """

    static let error = """
        {{> header}}
        <h1>{{heading}}</h1>
        <p class="error">{{message}}</p>
        {{> footer}}
        """
}
