"""The policy simulator on the web: a policy officer picks a shipped scenario, changes its
policy, and a background job (``voorrang.jobs``) runs it with the simulation engine
(``voorrang.simulation``, which stays free of Django); the run's page shows its progress, then
its charts with their tables and the files to download."""
