//! The `scout` package: CLI, HTTP API, pipeline and the simulated creator web.
