/// The `/metrics` and `/health` HTTP endpoint of `batchwire serve`.
enum BatchwireHTTPModule {}
