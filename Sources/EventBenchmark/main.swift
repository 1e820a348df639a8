print("EventBenchmark: not written yet")
