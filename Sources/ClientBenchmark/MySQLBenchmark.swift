func runMySQLBenchmark() async { print("mysql benchmark: not yet written") }
