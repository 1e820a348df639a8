/// `batchwire serve`: every part of the daemon as a service of one service group.
enum BatchwireDaemonModule {}
