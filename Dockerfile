# Batchwire on an official Swift image. Built by docker-compose.yml.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        pkg-config libmariadb-dev default-libmysqlclient-dev libmosquitto-dev libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product batchwire-step-supervisor && swift build -c release --product batchwire \
    && cp "$(swift build -c release --show-bin-path)/batchwire" "$(swift build -c release --show-bin-path)/batchwire-step-supervisor" /

FROM swift:6.1-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libmariadb3 libmosquitto1 libsqlite3-0 libcurl4 tzdata \
    && rm -rf /var/lib/apt/lists/*
# The step supervisor must sit next to batchwire (see docs/operations.md, "When a node dies").
COPY --from=build /batchwire /batchwire-step-supervisor /usr/local/bin/
COPY schedules /schedules
ENV BATCHWIRE_SCHEDULES_DIR=/schedules
EXPOSE 8080
# `db init` creates missing tables and changes nothing when they exist, so every start may run it.
ENTRYPOINT ["/bin/sh", "-c", "batchwire db init >/dev/null && exec batchwire serve \"$@\"", "batchwire"]
