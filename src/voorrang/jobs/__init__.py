"""A small job queue in the database: work that takes too long for a request (a simulation
run) is queued by a service and done by ``voorrang manage run_jobs``, which records its progress
and outcome on the job."""
