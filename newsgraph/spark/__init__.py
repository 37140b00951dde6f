"""Scale-out on Apache Spark: ``newsgraph spark`` (the job, ``job.py``) and ``newsgraph load``
(a run's Parquet output into the SQLite store, ``load.py``). PySpark is the optional ``spark``
extra; ``load`` needs only pyarrow."""
