/// The OpenAPI 3.1 document of the `/api/v1` routes, served at `GET /api/v1/openapi.json`: a copy of
/// `docs/openapi.json` (a test checks they are equal, and that it names exactly the routes the router has).
/// After editing `docs/openapi.json`, paste it here between the quotes.
enum DashboardOpenAPI {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Batchwire dashboard API",
            "version": "1",
            "description": "The JSON API of the dashboard of `batchwire serve --http-port \u2026` (see docs/dashboard.md). Reads are open; operations need `Authorization: Bearer <http-operator-token>` and a JSON body."
          },
          "servers": [
            {
              "url": "http://127.0.0.1:8080"
            }
          ],
          "paths": {
            "/api/v1/jobs": {
              "get": {
                "operationId": "listJobs",
                "summary": "Every registered job and every job name in the Spring Batch tables",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "jobs"
                          ],
                          "properties": {
                            "jobs": {
                              "type": "array",
                              "items": {
                                "$ref": "#/components/schemas/Job"
                              }
                            }
                          }
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/executions": {
              "get": {
                "operationId": "searchExecutions",
                "summary": "Executions, newest first, filtered and keyed by `before`",
                "parameters": [
                  {
                    "name": "job",
                    "in": "query",
                    "required": false,
                    "description": "job name",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "status",
                    "in": "query",
                    "required": false,
                    "description": "batch status",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "from",
                    "in": "query",
                    "required": false,
                    "description": "created at or after (ISO local date-time)",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "description": "created before (ISO local date-time)",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "param",
                    "in": "query",
                    "required": false,
                    "description": "a parameter's exact value",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "before",
                    "in": "query",
                    "required": false,
                    "description": "execution ids below this (the previous page's `nextBefore`)",
                    "schema": {
                      "type": "integer",
                      "format": "int64"
                    }
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "description": "1 to 500 (default 50)",
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 500
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "executions"
                          ],
                          "properties": {
                            "executions": {
                              "type": "array",
                              "items": {
                                "$ref": "#/components/schemas/Execution"
                              }
                            },
                            "nextBefore": {
                              "type": "integer",
                              "format": "int64",
                              "description": "absent on the last page"
                            }
                          }
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/executions/{id}": {
              "get": {
                "operationId": "getExecution",
                "summary": "One execution in full",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 1
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ExecutionDetail"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/schedules": {
              "get": {
                "operationId": "listSchedules",
                "summary": "Every schedule with its state, next fires and slots that started no run",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": [
                            "schedules"
                          ],
                          "properties": {
                            "schedules": {
                              "type": "array",
                              "items": {
                                "$ref": "#/components/schemas/Schedule"
                              }
                            }
                          }
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/nodes": {
              "get": {
                "operationId": "listNodes",
                "summary": "The cluster's nodes and the relay lease",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Nodes"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/events": {
              "get": {
                "operationId": "streamEvents",
                "summary": "Server-sent events: this node's events as they happen and other nodes' from the shared outbox",
                "description": "One `data:` line of event JSON (docs/events.md) per event with `id:` the event id; a `: keep-alive` comment every 15 s.",
                "responses": {
                  "200": {
                    "description": "an endless stream",
                    "content": {
                      "text/event-stream": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/api/v1/operations/{verb}": {
              "post": {
                "operationId": "operate",
                "summary": "Start, start-next, restart, stop, abandon, pause or resume, through the JobOperator",
                "security": [
                  {
                    "operatorToken": []
                  }
                ],
                "parameters": [
                  {
                    "name": "verb",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "start",
                        "start-next",
                        "restart",
                        "stop",
                        "abandon",
                        "pause",
                        "resume"
                      ]
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/OperationRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OperationResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "403": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "409": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "415": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "refused; see `error.code`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "operatorToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "the `http-operator-token`"
              }
            },
            "schemas": {
              "BatchStatus": {
                "type": "string",
                "enum": [
                  "COMPLETED",
                  "STARTING",
                  "STARTED",
                  "STOPPING",
                  "STOPPED",
                  "FAILED",
                  "ABANDONED",
                  "UNKNOWN"
                ]
              },
              "Execution": {
                "type": "object",
                "required": [
                  "id",
                  "instanceId",
                  "jobName",
                  "status",
                  "exitCode",
                  "createTime",
                  "duration",
                  "isRunning",
                  "isStoppable",
                  "isRestartable",
                  "isAbandonable"
                ],
                "properties": {
                  "id": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "instanceId": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "jobName": {
                    "type": "string"
                  },
                  "status": {
                    "$ref": "#/components/schemas/BatchStatus"
                  },
                  "exitCode": {
                    "type": "string"
                  },
                  "createTime": {
                    "type": "string",
                    "description": "ISO local date-time (the tables' wall clock)"
                  },
                  "startTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "endTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "durationMilliseconds": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "duration": {
                    "type": "string"
                  },
                  "isRunning": {
                    "type": "boolean",
                    "description": "STARTING, STARTED or STOPPING"
                  },
                  "isStoppable": {
                    "type": "boolean",
                    "description": "STARTING or STARTED: stop applies"
                  },
                  "isRestartable": {
                    "type": "boolean",
                    "description": "FAILED or STOPPED: Spring's status rule for a restart"
                  },
                  "isAbandonable": {
                    "type": "boolean",
                    "description": "STOPPED, FAILED or UNKNOWN"
                  }
                }
              },
              "ExecutionDetail": {
                "type": "object",
                "required": [
                  "execution",
                  "exitDescription",
                  "parameters",
                  "context",
                  "steps",
                  "canRestart"
                ],
                "properties": {
                  "execution": {
                    "$ref": "#/components/schemas/Execution"
                  },
                  "exitDescription": {
                    "type": "string"
                  },
                  "lastUpdated": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "parameters": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "name",
                        "type",
                        "value",
                        "identifying"
                      ],
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "type": {
                          "type": "string"
                        },
                        "value": {
                          "type": "string"
                        },
                        "identifying": {
                          "type": "boolean"
                        }
                      }
                    }
                  },
                  "context": {
                    "$ref": "#/components/schemas/Context"
                  },
                  "steps": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Step"
                    }
                  },
                  "canRestart": {
                    "type": "boolean",
                    "description": "FAILED or STOPPED, the newest execution of its instance, of a registered restartable job: the page shows restart only then"
                  }
                }
              },
              "Step": {
                "type": "object",
                "required": [
                  "id",
                  "name",
                  "status",
                  "exitCode",
                  "exitDescription",
                  "duration",
                  "readCount",
                  "writeCount",
                  "commitCount",
                  "filterCount",
                  "skipCount",
                  "rollbackCount",
                  "context"
                ],
                "properties": {
                  "id": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "name": {
                    "type": "string"
                  },
                  "status": {
                    "$ref": "#/components/schemas/BatchStatus"
                  },
                  "exitCode": {
                    "type": "string"
                  },
                  "exitDescription": {
                    "type": "string"
                  },
                  "startTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "endTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "duration": {
                    "type": "string"
                  },
                  "readCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "writeCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "commitCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "filterCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "skipCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "rollbackCount": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "context": {
                    "$ref": "#/components/schemas/Context"
                  },
                  "logTail": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "the end of a command step's output on this node"
                  }
                }
              },
              "Context": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "key",
                    "value"
                  ],
                  "properties": {
                    "key": {
                      "type": "string"
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "Job": {
                "type": "object",
                "required": [
                  "name",
                  "registered",
                  "completedCount",
                  "failedCount",
                  "totalCount",
                  "averageDuration",
                  "scheduleCount",
                  "paused"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "registered": {
                    "type": "boolean"
                  },
                  "latest": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/Execution"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "nextFire": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "ISO 8601 instant (UTC)"
                  },
                  "completedCount": {
                    "type": "integer"
                  },
                  "failedCount": {
                    "type": "integer"
                  },
                  "totalCount": {
                    "type": "integer"
                  },
                  "averageMilliseconds": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "averageDuration": {
                    "type": "string"
                  },
                  "scheduleCount": {
                    "type": "integer"
                  },
                  "paused": {
                    "type": "boolean"
                  },
                  "pauseReason": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              },
              "Schedule": {
                "type": "object",
                "required": [
                  "id",
                  "jobName",
                  "trigger",
                  "policies",
                  "paused",
                  "nextFires",
                  "notStarted"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "description": "job#schedule"
                  },
                  "jobName": {
                    "type": "string"
                  },
                  "trigger": {
                    "type": "string"
                  },
                  "policies": {
                    "type": "string"
                  },
                  "paused": {
                    "type": "boolean"
                  },
                  "pauseReason": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "nextFires": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "lastFireTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "lastOutcome": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "lastExecutionId": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "notStarted": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "fireTime",
                        "node",
                        "outcome"
                      ],
                      "properties": {
                        "fireTime": {
                          "type": "string"
                        },
                        "node": {
                          "type": "string"
                        },
                        "outcome": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              },
              "Nodes": {
                "type": "object",
                "required": [
                  "nodes"
                ],
                "properties": {
                  "nodes": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "id",
                        "hostName",
                        "startedAt",
                        "heartbeatAt",
                        "heartbeatAgeSeconds",
                        "holdsRelayLease"
                      ],
                      "properties": {
                        "id": {
                          "type": "string"
                        },
                        "hostName": {
                          "type": "string"
                        },
                        "startedAt": {
                          "type": "string"
                        },
                        "heartbeatAt": {
                          "type": "string"
                        },
                        "heartbeatAgeSeconds": {
                          "type": "integer"
                        },
                        "holdsRelayLease": {
                          "type": "boolean"
                        }
                      }
                    }
                  },
                  "relayLeaseHolder": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "relayLeaseExpiresAt": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              },
              "Error": {
                "type": "object",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": [
                      "code",
                      "message"
                    ],
                    "properties": {
                      "code": {
                        "type": "string"
                      },
                      "message": {
                        "type": "string"
                      },
                      "springException": {
                        "type": "string"
                      }
                    }
                  }
                }
              },
              "OperationRequest": {
                "type": "object",
                "description": "the fields the verb takes: `job` (start, start-next), `parameters` (start), `executionId` (restart, stop, abandon), `schedule` and `reason` (pause, resume)",
                "properties": {
                  "job": {
                    "type": "string"
                  },
                  "parameters": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Spring's notation, e.g. `day(localdate)=2026-12-07`"
                  },
                  "executionId": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "schedule": {
                    "type": "string",
                    "description": "job or job#schedule"
                  },
                  "reason": {
                    "type": "string"
                  }
                }
              },
              "OperationResult": {
                "type": "object",
                "required": [
                  "operation"
                ],
                "properties": {
                  "operation": {
                    "type": "string"
                  },
                  "executionId": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "restartedExecutionId": {
                    "type": "integer",
                    "format": "int64"
                  },
                  "job": {
                    "type": "string"
                  },
                  "status": {
                    "type": "string"
                  },
                  "schedules": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
