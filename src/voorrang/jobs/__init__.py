"""Background work, done by ``voorrang worker``: a small job queue in the database (work that
takes too long for a request, such as a simulation run, is queued by a service; the worker
records its progress and outcome on the job), and the periodic duties (``duties``), each run on
its schedule by one worker at a time under a lease (``leases``, ``scheduler``)."""
