print("cron benchmark: not yet written")
