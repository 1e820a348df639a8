func runMQTTBenchmark() async { print("mqtt benchmark: not yet written") }
