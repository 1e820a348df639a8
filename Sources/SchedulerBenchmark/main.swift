print("SchedulerBenchmark: not written yet")
