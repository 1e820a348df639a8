// Benchmarks the MySQL and MQTT client wrappers against the private servers that
// `scripts/services.sh start` runs. Usage:
//   source "$(scripts/services.sh env)"; swift run -c release ClientBenchmark [mysql|mqtt|all]
let which = CommandLine.arguments.dropFirst().first ?? "all"
if which == "mysql" || which == "all" { await runMySQLBenchmark() }
if which == "mqtt" || which == "all" { await runMQTTBenchmark() }
