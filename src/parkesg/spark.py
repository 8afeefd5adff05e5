"""The engine's plan on PySpark (local mode or a cluster), through Ibis — no second
implementation of the rules. Spark is bound to loopback unless a master URL says otherwise."""

from __future__ import annotations

import os

import ibis

from parkesg.errors import ParkesgError


def spark_backend(master: str = "local[2]", **conf: str) -> ibis.BaseBackend:
    """An Ibis PySpark backend on a (new or running) SparkSession."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # the optional extra
        raise ParkesgError("未安装 PySpark：pip install 'parkesg[spark]'") from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master(master)
        .appName("parkesg")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # parkesg draws its own progress bar
        .config("spark.driver.memory", os.environ.get("PARKESG_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
    )
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing or not startable
        raise ParkesgError(f"无法启动 Spark（需要 Java 17 运行时）：{exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def checkpoint(con: ibis.BaseBackend, name: str, expr: ibis.Table) -> ibis.Table:
    """Store ``expr`` as a temporary view over a local checkpoint: later stages read the rows
    by name, and Catalyst no longer re-expands the whole plan at every reference."""
    staging = f"{name}_plan"
    con.create_view(staging, expr, overwrite=True)
    session = con._session
    session.table(staging).localCheckpoint(eager=True).createOrReplaceTempView(name)
    session.catalog.dropTempView(staging)
    return con.table(name)


class Checkpoints:
    """A ``materialise`` callback for the engine on Spark (each stage stored once as a
    checkpointed view) that drops its views when closed."""

    def __init__(self, con: ibis.BaseBackend, prefix: str = "_parkesg_stage") -> None:
        self.con, self.prefix, self.names = con, prefix, list[str]()

    def __call__(self, expr: ibis.Table) -> ibis.Table:
        name = f"{self.prefix}_{os.getpid()}_{len(self.names)}"
        self.names.append(name)
        return checkpoint(self.con, name, expr)

    def close(self) -> None:
        for name in self.names:
            self.con._session.catalog.dropTempView(name)
        self.names.clear()
