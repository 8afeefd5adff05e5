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
    return ibis.pyspark.connect(session)
